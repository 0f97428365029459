import type { Dictionary } from './index';
import en from './en';
const d: Dictionary = { ...en };
export default d;

package dev.threshold.mfa.totp;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/** Reads a QR code PNG back with zxing's decoder, as a phone camera would. */
public final class QrDecoder {

    private QrDecoder() {
    }

    public static String decode(byte[] png) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        if (image == null) {
            throw new AssertionError("not a PNG");
        }
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
        // a QR scanner looks for QR codes only (with every format, a 1D reader may see a bar code in the
        // modules); the image is a pure rendering, which zxing's finder-pattern search misses now and then
        // (seen about once in 500 images), so it is told so, as it is when it scans a screenshot
        return new MultiFormatReader().decode(bitmap, Map.of(
                DecodeHintType.POSSIBLE_FORMATS, List.of(BarcodeFormat.QR_CODE),
                DecodeHintType.PURE_BARCODE, Boolean.TRUE,
                DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
    }

    public static String decodeDataUri(String dataUri) throws Exception {
        String prefix = "data:image/png;base64,";
        if (!dataUri.startsWith(prefix)) {
            throw new AssertionError("not a PNG data URI: " + dataUri.substring(0, Math.min(40, dataUri.length())));
        }
        return decode(Base64.getDecoder().decode(dataUri.substring(prefix.length())));
    }
}

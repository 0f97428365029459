#!/usr/bin/env python3
"""An ES256 key as identity-service would publish it, and one access token signed with it.
Usage: es256.py DIR ISSUER  -> DIR/.well-known/jwks.json and DIR/token.txt (aud threshold, 1 h)."""
import base64, json, os, sys, time, uuid
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

out, issuer = sys.argv[1], sys.argv[2]
key = ec.generate_private_key(ec.SECP256R1())
numbers = key.public_key().public_numbers()
jwk = {"kty": "EC", "crv": "P-256", "use": "sig", "alg": "ES256", "kid": "bench-1",
       "x": b64(numbers.x.to_bytes(32, "big")), "y": b64(numbers.y.to_bytes(32, "big"))}
os.makedirs(os.path.join(out, ".well-known"), exist_ok=True)
with open(os.path.join(out, ".well-known", "jwks.json"), "w") as f:
    json.dump({"keys": [jwk]}, f)
now = int(time.time())
claims = {"iss": issuer, "sub": str(uuid.uuid4()), "aud": "threshold", "org": str(uuid.uuid4()),
          "region": "us-east-1", "roles": ["user"], "email": "bench@example.test", "amr": ["pwd"],
          "sid": str(uuid.uuid4()), "jti": str(uuid.uuid4()), "iat": now, "exp": now + 3600}
signing_input = b64(json.dumps({"alg": "ES256", "typ": "JWT", "kid": "bench-1"}).encode()) + "." + b64(json.dumps(claims).encode())
r, s = decode_dss_signature(key.sign(signing_input.encode(), ec.ECDSA(hashes.SHA256())))
with open(os.path.join(out, "token.txt"), "w") as f:
    f.write(signing_input + "." + b64(r.to_bytes(32, "big") + s.to_bytes(32, "big")))

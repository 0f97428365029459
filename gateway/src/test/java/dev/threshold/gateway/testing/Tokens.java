package dev.threshold.gateway.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Bearer tokens shaped like identity-service's: the gateway reads the payload and never checks the signature. */
public final class Tokens {

    private Tokens() {
    }

    public static String bearerWithRegion(String region) {
        return bearerWithPayload("{\"sub\":\"user-1\",\"org\":\"org-1\",\"region\":\"" + region + "\",\"roles\":[\"user\"]}");
    }

    public static String bearerWithPayload(String payloadJson) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String header = base64.encodeToString("{\"alg\":\"ES256\",\"kid\":\"k1\"}".getBytes(StandardCharsets.UTF_8));
        String payload = base64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
        return "Bearer " + header + "." + payload + ".c2lnbmF0dXJl";
    }
}

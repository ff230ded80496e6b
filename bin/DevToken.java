import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Prints a bearer token that the service accepts in the dev and test profiles, signed with the
 * committed dev key (never valid in production, which has no such key).
 *
 * <pre>
 *   bin/dev-token                       # editor, valid for one hour
 *   bin/dev-token --roles admin --sub ayesha --ttl 600
 *   bin/dev-token --roles ""            # a valid token without any role
 * </pre>
 */
public class DevToken {

    static final String ISSUER = "https://newsroom.dev/dev-token";

    public static void main(String[] args) throws Exception {
        String roles = "editor";
        String subject = "dev-editor";
        long ttl = 3600;
        Path key = Path.of(System.getProperty("devToken.key", "src/test/resources/dev-keys/newsroom-dev-private-key.pem"));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--roles" -> roles = args[++i];
                case "--sub" -> subject = args[++i];
                case "--ttl" -> ttl = Long.parseLong(args[++i]);
                case "--key" -> key = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: dev-token [--roles editor,admin] [--sub NAME] [--ttl SECONDS] [--key PEM]");
                    System.exit(2);
                }
            }
        }
        long now = Instant.now().getEpochSecond();
        List<String> groups = new ArrayList<>();
        for (String role : roles.split(",")) {
            if (!role.isBlank()) {
                groups.add("\"" + role.trim() + "\"");
            }
        }
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String claims = "{\"iss\":\"" + ISSUER + "\",\"sub\":\"" + subject + "\",\"upn\":\"" + subject
                + "\",\"groups\":[" + String.join(",", groups) + "],\"iat\":" + now + ",\"exp\":" + (now + ttl)
                + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
        String signingInput = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(claims.getBytes(StandardCharsets.UTF_8));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(privateKey(key));
        signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        System.out.println(signingInput + "." + b64(signature.sign()));
    }

    static PrivateKey privateKey(Path pem) throws Exception {
        String base64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

package dev.clearance.token.authconfig;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * {@code issuer.certificateAuthority} read as client-go's {@code cert.NewPoolFromBytes} reads it: every PEM
 * {@code CERTIFICATE} block without headers is parsed (other blocks are skipped, as Go's pem.Decode and
 * ParseCertsPEM skip them), one that does not parse is an error, and none at all is an error too.
 */
final class PemCertificates {

    static final String NONE = "data does not contain any valid RSA or ECDSA certificates";
    /** Java's parser cannot say what Go's x509 would; this is Go's most common message for a damaged certificate. */
    static final String MALFORMED = "x509: malformed certificate";

    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";

    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    private PemCertificates() {}

    static List<X509Certificate> parse(String pem) throws Invalid {
        List<X509Certificate> certificates = new ArrayList<>();
        int from = 0;
        while (true) {
            Block block = next(pem, from);
            if (block == null) {
                break;
            }
            from = block.end();
            if (!block.type().equals("CERTIFICATE") || block.hasHeaders()) {
                continue;
            }
            certificates.add(certificate(block.der()));
        }
        if (certificates.isEmpty()) {
            throw new Invalid(NONE);
        }
        return List.copyOf(certificates);
    }

    private record Block(String type, boolean hasHeaders, byte[] der, int end) {}

    /** The next well-formed block at or after {@code from}, as Go's pem.Decode finds it; null when none is left. */
    private static Block next(String text, int from) {
        int search = from;
        while (true) {
            int begin = text.startsWith(BEGIN, search) && (search == 0 || text.charAt(search - 1) == '\n')
                    ? search : text.indexOf("\n" + BEGIN, search);
            if (begin < 0) {
                return null;
            }
            int typeStart = text.startsWith(BEGIN, begin) ? begin + BEGIN.length() : begin + 1 + BEGIN.length();
            search = typeStart;
            int lineEnd = lineEnd(text, typeStart);
            String typeLine = trimLine(text.substring(typeStart, lineEnd));
            if (!typeLine.endsWith(DASHES)) {
                continue;
            }
            String type = typeLine.substring(0, typeLine.length() - DASHES.length());
            int bodyStart = Math.min(lineEnd + 1, text.length());
            boolean headers = false;
            int pos = bodyStart;
            while (pos < text.length()) {
                int end = lineEnd(text, pos);
                if (!text.substring(pos, end).contains(":")) {
                    break;
                }
                headers = true;
                pos = Math.min(end + 1, text.length());
            }
            int endMarker = text.startsWith(END, pos) && !headers ? pos : text.indexOf("\n" + END, pos);
            if (endMarker < 0) {
                continue;
            }
            int trailerStart = text.startsWith(END, endMarker) ? endMarker + END.length() : endMarker + 1 + END.length();
            int endLineEnd = lineEnd(text, trailerStart);
            if (!trimLine(text.substring(trailerStart, endLineEnd)).equals(type + DASHES)) {
                continue;
            }
            String base64 = text.substring(pos, endMarker).replaceAll("[ \t\r\n]", "");
            try {
                return new Block(type, headers, Base64.getDecoder().decode(base64), endLineEnd);
            } catch (IllegalArgumentException e) {
                continue; // pem.Decode skips a block whose body is not base64
            }
        }
    }

    private static int lineEnd(String text, int from) {
        int newline = text.indexOf('\n', from);
        return newline < 0 ? text.length() : newline;
    }

    private static String trimLine(String line) {
        int end = line.length();
        while (end > 0 && " \t\r".indexOf(line.charAt(end - 1)) >= 0) {
            end--;
        }
        return line.substring(0, end);
    }

    private static X509Certificate certificate(byte[] der) throws Invalid {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            throw new Invalid(MALFORMED);
        }
    }
}

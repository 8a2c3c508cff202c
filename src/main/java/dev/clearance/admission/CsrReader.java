package dev.clearance.admission;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clearance.common.Text;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1BMPString;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1NumericString;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1PrintableString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1T61String;
import org.bouncycastle.asn1.ASN1UTF8String;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * Reads the names a CSR's {@code spec.request} would put in a client certificate, as the API server will read them,
 * and refuses anything it cannot read that way. Pure and total: malformed input is an {@link CsrReading.Unreadable}
 * with a sentence, never an exception.
 *
 * <p>The API server's x509 authenticator makes the username from the subject's CN and a group from each O, through
 * Go's {@code pkix.Name.FillFromRDNSequence}: every attribute of every RDN (multi-valued ones too), the raw string of
 * each. So every attribute is read here, and its raw string compared, not an RFC 4514 rendering (which escapes). The
 * CSR signer and the API server read only the first PEM block of {@code spec.request}, so anything but exactly one
 * {@code CERTIFICATE REQUEST} block, in strict base64 and DER, is refused rather than guessed at: a second parser
 * that picks a different block than Go's would let a prefixed name through.
 */
final class CsrReader {

    /** Characters of base64 in {@code spec.request}: an RSA-16384 request is under 10 KiB; this is far above. */
    static final int MAX_REQUEST_CHARS = 64 * 1024;
    static final String PEM_TYPE = "CERTIFICATE REQUEST";
    private static final String BEGIN = "-----BEGIN ";
    private static final String END_LINE = "-----END " + PEM_TYPE + "-----";
    private static final String WHITESPACE = " \t\r\n";

    private CsrReader() {}

    /** {@code request} is the JSON value of {@code spec.request} (missing or null if absent). */
    static CsrReading read(JsonNode request) {
        try {
            return new CsrReading.Names(names(parse(pemBody(decode(text(request))))));
        } catch (NotReadable e) {
            return new CsrReading.Unreadable(e.getMessage());
        } catch (IOException | RuntimeException e) {
            // BouncyCastle reports malformed ASN.1 with many exception types; each means the same to the requester
            return new CsrReading.Unreadable("spec.request's PEM block is not the DER of a PKCS#10 certificate request");
        }
    }

    private static String text(JsonNode request) throws NotReadable {
        if (request == null || request.isMissingNode() || request.isNull()) {
            throw new NotReadable("spec.request is missing");
        }
        if (!request.isTextual()) {
            throw new NotReadable("spec.request is not a string but a JSON " + request.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        String text = request.textValue();
        if (text.isEmpty()) {
            throw new NotReadable("spec.request is empty");
        }
        if (text.length() > MAX_REQUEST_CHARS) {
            throw new NotReadable("spec.request is too large (" + text.length() + " characters; a certificate request takes at most "
                    + MAX_REQUEST_CHARS + ")");
        }
        return text;
    }

    /** Strict standard base64, exactly as the API server writes a {@code []byte}: padded, no line breaks, no stray bits. */
    private static String decode(String base64) throws NotReadable {
        byte[] bytes = strictBase64(base64, "spec.request is not standard base64");
        // ISO-8859-1 maps every byte to one char, so nothing is lost or merged before the PEM checks
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** The DER inside the one PEM block, which must be of type CERTIFICATE REQUEST, with only whitespace around. */
    private static byte[] pemBody(String text) throws NotReadable {
        int blocks = count(text, BEGIN);
        if (blocks == 0) {
            throw new NotReadable("spec.request holds no PEM block");
        }
        if (blocks > 1) {
            throw new NotReadable("spec.request holds " + blocks + " PEM blocks; the API server reads only the first, so clearance admits "
                    + "exactly one " + PEM_TYPE + " block");
        }
        String pem = strip(text);
        if (!pem.startsWith(BEGIN)) {
            throw new NotReadable("spec.request has data before its PEM block");
        }
        int lineEnd = pem.indexOf('\n');
        String beginLine = strip(lineEnd < 0 ? pem : pem.substring(0, lineEnd));
        if (!beginLine.endsWith("-----") || beginLine.length() < BEGIN.length() + 5) {
            throw new NotReadable("spec.request's PEM block has a malformed BEGIN line");
        }
        String type = beginLine.substring(BEGIN.length(), beginLine.length() - 5);
        if (!type.equals(PEM_TYPE)) {
            throw new NotReadable("spec.request holds a PEM block of type " + Text.quote(type) + ", not " + PEM_TYPE);
        }
        int end = pem.indexOf(END_LINE, lineEnd);
        if (end < 0 || pem.charAt(end - 1) != '\n') {
            throw new NotReadable("spec.request's PEM block has no line " + END_LINE);
        }
        if (end + END_LINE.length() != pem.length()) {
            throw new NotReadable("spec.request has data after its PEM block");
        }
        String body = pem.substring(lineEnd + 1, end);
        if (body.indexOf(':') >= 0) {
            throw new NotReadable("spec.request's PEM block has headers; a certificate request has none");
        }
        return strictBase64(body.replaceAll("[ \t\r\n]", ""), "spec.request's PEM block body is not base64");
    }

    private static PKCS10CertificationRequest parse(byte[] der) throws IOException, NotReadable {
        PKCS10CertificationRequest csr = new PKCS10CertificationRequest(der);
        // only DER, byte for byte: BER, trailing bytes or unsorted sets could read differently in Go
        if (!Arrays.equals(csr.toASN1Structure().getEncoded(ASN1Encoding.DER), der)) {
            throw new NotReadable("spec.request's PEM block is not the DER of a PKCS#10 certificate request");
        }
        return csr;
    }

    private static List<CsrReading.SubjectName> names(PKCS10CertificationRequest csr) throws NotReadable {
        List<CsrReading.SubjectName> names = new ArrayList<>();
        for (RDN rdn : csr.getSubject().getRDNs()) {
            for (AttributeTypeAndValue attribute : rdn.getTypesAndValues()) {
                String type = BCStyle.CN.equals(attribute.getType()) ? "CN" : BCStyle.O.equals(attribute.getType()) ? "O" : null;
                if (type != null) {
                    names.add(new CsrReading.SubjectName(type, faithful(type, attribute.getValue().toASN1Primitive())));
                }
            }
        }
        return names;
    }

    /**
     * The value as Go reads it, or refused: Go reads UTF8String, BMPString and the one-byte string types as strings
     * (raw bytes for T61String) and skips every other type. Only values that read the same in Java and Go pass.
     */
    private static String faithful(String type, ASN1Primitive value) throws NotReadable {
        String problem;
        if (value instanceof ASN1UTF8String || value instanceof ASN1BMPString) {
            String s;
            try {
                s = ((ASN1String) value).getString();
            } catch (IllegalArgumentException e) {
                throw new NotReadable("the subject's " + type + " attribute is a UTF8String that is not valid UTF-8");
            }
            boolean same = !(value instanceof ASN1UTF8String) || sameEncoding(new DERUTF8String(s), value);
            if (same && s.codePoints().noneMatch(c -> Character.getType(c) == Character.SURROGATE)) {
                return s;
            }
            problem = "a " + typeName(value) + " that is not valid " + (value instanceof ASN1UTF8String ? "UTF-8" : "UTF-16");
        } else if (value instanceof ASN1PrintableString || value instanceof ASN1IA5String || value instanceof ASN1NumericString
                || value instanceof ASN1T61String) {
            String s = ((ASN1String) value).getString();
            if (s.chars().allMatch(c -> c < 0x80)) {
                return s;
            }
            problem = "a " + typeName(value) + " with bytes beyond ASCII";
        } else {
            problem = "a" + (value instanceof ASN1OctetString ? "n " : " ") + typeName(value);
        }
        throw new NotReadable("the subject's " + type + " attribute is " + problem
                + "; clearance admits only names it reads exactly as the API server does");
    }

    private static boolean sameEncoding(ASN1Primitive a, ASN1Primitive b) {
        try {
            return Arrays.equals(a.getEncoded(ASN1Encoding.DER), b.getEncoded(ASN1Encoding.DER));
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code UniversalString} for {@code DERUniversalString}, {@code OCTET STRING} for octet strings, and so on. */
    private static String typeName(ASN1Primitive value) {
        if (value instanceof ASN1OctetString) {
            return "OCTET STRING";
        }
        String name = value.getClass().getSimpleName().replaceFirst("^(DER|DL|BER|ASN1)", "");
        return name.isEmpty() ? "ASN.1 value" : name;
    }

    private static byte[] strictBase64(String base64, String problem) throws NotReadable {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new NotReadable(problem);
        }
        if (bytes.length == 0 || !Base64.getEncoder().encodeToString(bytes).equals(base64)) {
            throw new NotReadable(problem + " (padded, without line breaks, as the API server writes it)");
        }
        return bytes;
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + what.length())) {
            n++;
        }
        return n;
    }

    private static String strip(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && WHITESPACE.indexOf(s.charAt(from)) >= 0) {
            from++;
        }
        while (to > from && WHITESPACE.indexOf(s.charAt(to - 1)) >= 0) {
            to--;
        }
        return s.substring(from, to);
    }

    /** Why {@code spec.request} cannot be read; a sentence, never shown with a stack trace. */
    private static final class NotReadable extends Exception {
        NotReadable(String why) {
            super(why, null, false, false);
        }
    }
}

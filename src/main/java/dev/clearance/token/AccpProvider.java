package dev.clearance.token;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import com.amazon.corretto.crypto.provider.SelfTestStatus;
import java.security.Provider;

/**
 * The Amazon Corretto Crypto Provider (AWS-LC). Its class always loads; its native library, unpacked to
 * {@code java.io.tmpdir}, loads only on linux-x86_64 with glibc and an executable temp directory, and the provider
 * says why not through {@code getLoadingError()}. Its self-tests (about 0.1 s) run here, off the request path.
 */
final class AccpProvider implements NativeProvider {

    @Override
    public String unusable() {
        try {
            AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
            Throwable error = accp.getLoadingError();
            if (error != null) {
                return "its native library did not load: " + causes(error) + " (os.arch=" + System.getProperty("os.arch")
                        + ", java.io.tmpdir=" + System.getProperty("java.io.tmpdir")
                        + "; it needs linux-x86_64 with glibc, not musl, and a temp directory not mounted noexec)";
            }
            SelfTestStatus status = accp.runSelfTests();
            return status == SelfTestStatus.PASSED ? null : "its self-tests ended " + status;
        } catch (LinkageError | RuntimeException e) {
            return "it could not be initialised: " + causes(e);
        }
    }

    @Override
    public Provider provider() {
        return AmazonCorrettoCryptoProvider.INSTANCE;
    }

    /** "UnsatisfiedLinkError: …; caused by …", the chain an operator needs, without a stack trace. */
    static String causes(Throwable error) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (Throwable t = error; t != null && depth < 4; t = t.getCause(), depth++) {
            out.append(depth == 0 ? "" : "; caused by ").append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                out.append(": ").append(t.getMessage());
            }
        }
        return out.toString();
    }
}

package dev.clearance.testsupport;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.microprofile.config.ConfigProvider;

/** Steers the {@link JwksTestServer} of the running test application over HTTPS. */
public final class JwksServerControl {

    private static final HttpClient CLIENT = client();

    private JwksServerControl() {}

    public static String issuerUrl(String name) {
        return base() + "/" + name;
    }

    public static void serveKeys(String issuer, String... keys) {
        post("/admin/" + issuer + "/keys?set=" + String.join(",", keys));
    }

    public static void outage(String issuer, boolean on) {
        post("/admin/" + issuer + "/outage?on=" + on);
    }

    public static int fetches(String issuer) {
        return Integer.parseInt(send(HttpRequest.newBuilder(URI.create(base() + "/admin/" + issuer + "/fetches")).GET().build()));
    }

    private static void post(String path) {
        send(HttpRequest.newBuilder(URI.create(base() + path)).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private static String send(HttpRequest request) {
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(request.uri() + " answered " + response.statusCode());
            }
            return response.body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base() {
        return ConfigProvider.getConfig().getValue(TestIssuersResource.SERVER_URL_PROPERTY, String.class);
    }

    private static HttpClient client() {
        try (InputStream in = JwksServerControl.class.getClassLoader().getResourceAsStream("keys/tls-ca.pem")) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), null);
            return HttpClient.newBuilder().sslContext(tls).build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

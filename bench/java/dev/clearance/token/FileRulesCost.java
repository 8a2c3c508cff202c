package dev.clearance.token;

import dev.clearance.common.WatchedFile;
import dev.clearance.testsupport.TestAuthnConfig;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the rules of an AuthenticationConfiguration entry cost per token against the short form that maps the same
 * identity: {@code bench/cel-cost.sh} runs this on one pinned core. The file is {@code bench/authentication-config.yaml}
 * (3 CEL mappings: username, groups, extra; 2 CEL validation rules), the one the rs256-file case of authn.sh uses.
 * Both rule sets run in the same JVM, in alternating rounds (A B A B ...) over the same 2,000 payloads, after a
 * warm-up; the medians and their difference are printed. Only the mapping differs: signature, times and audience
 * cost the same in both dialects.
 */
public final class FileRulesCost {

    static final String ISSUER = "https://bench.clearance.invalid/dev-issuer";

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        IdentityRules shortForm = new ShortFormRules(new ClaimMapping("sub", "oidc:", "groups", "oidc:", Optional.empty(),
                Map.of("clearance.dev/platform-host", "platform_host")), Map.of());
        byte[] bytes = file(args.length > 2 ? args[2] : "bench/authentication-config.yaml");
        IdentityRules file = FileIssuers.load(new WatchedFile.Reading.Content(bytes, WatchedFile.sha256(bytes)),
                TestAuthnConfig.defaults(), false).issuers().get(0).rules();
        List<Map<String, Object>> payloads = payloads(2000);
        if (!same(shortForm, file, payloads)) {
            throw new IllegalStateException("the two rule sets must map the same identities");
        }
        run(shortForm, payloads, perRound * 2);  // warm-up of both
        run(file, payloads, perRound * 2);
        double[] a = new double[rounds];
        double[] b = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            a[r] = run(shortForm, payloads, perRound);
            b[r] = run(file, payloads, perRound);
            System.out.printf("round %2d: short form %7.2f µs/token, file %7.2f µs/token%n", r + 1, a[r], b[r]);
        }
        double ma = median(a);
        double mb = median(b);
        System.out.printf("median of %d rounds of %,d tokens: short form %.2f µs, file (3 CEL mappings + 2 CEL rules) %.2f µs,"
                + " added %.2f µs per token%n", rounds, perRound, ma, mb, mb - ma);
    }

    /** The bench's file, with the issuer the payloads name. */
    static byte[] file(String path) {
        try {
            return Files.readString(Path.of(path)).replace("__ISSUER__", ISSUER).replace("__AUDIENCE__", "dev-cluster")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static double run(IdentityRules rules, List<Map<String, Object>> payloads, int n) {
        long sink = 0;
        long start = System.nanoTime();
        try {
            for (int i = 0; i < n; i++) {
                sink += rules.identity(payloads.get(i % payloads.size()), 256).username().length();
            }
        } catch (TokenRefusal e) {
            throw new IllegalStateException(e.getMessage());
        }
        long elapsed = System.nanoTime() - start;
        if (sink == 42) {
            System.out.println();
        }
        return elapsed / 1000.0 / n;
    }

    static boolean same(IdentityRules a, IdentityRules b, List<Map<String, Object>> payloads) {
        try {
            for (Map<String, Object> p : payloads) {
                if (!a.identity(p, 256).equals(b.identity(p, 256))) {
                    System.err.println(a.identity(p, 256) + " != " + b.identity(p, 256));
                    return false;
                }
            }
            return true;
        } catch (TokenRefusal e) {
            throw new IllegalStateException(e.getMessage());
        }
    }

    /** Payloads as the development issuer mints them (numbers as the JSON parser gives them: Long). */
    static List<Map<String, Object>> payloads(int n) {
        List<Map<String, Object>> out = new ArrayList<>(n);
        long now = System.currentTimeMillis() / 1000;
        for (int i = 1; i <= n; i++) {
            Map<String, Object> claims = new LinkedHashMap<>();
            claims.put("iss", ISSUER);
            claims.put("sub", "user:u" + i);
            claims.put("aud", "dev-cluster");
            claims.put("groups", new ArrayList<>(List.of("team-" + (i % 200), "cluster-scope")));
            claims.put("platform_host", "localhost");
            claims.put("iat", now);
            claims.put("exp", now + 600);
            claims.put("jti", "j-" + i);
            out.add(claims);
        }
        return out;
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}

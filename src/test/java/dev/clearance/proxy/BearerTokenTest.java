package dev.clearance.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The proxy reads Authorization as the API server's bearer-token authenticator does, and repairs nothing. */
class BearerTokenTest {

    @ParameterizedTest(name = "[{0}] gives [{1}]")
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
        "Bearer abc.def.ghi|abc.def.ghi",
        "bearer abc.def.ghi|abc.def.ghi",
        "BEARER abc|abc",
        "'  Bearer abc  '|abc",
        "Bearer  abc|NONE",
        "Bearer abc def|NONE",
        "Bearer |NONE",
        "Bearer|NONE",
        "Basic YWxpY2U6c2VjcmV0|NONE",
        "Bearerabc|NONE",
        "''|NONE",
    })
    void readsExactlyOneToken(String header, String expected) {
        assertEquals(expected, ProxiedRequest.bearerToken(header));
    }
}

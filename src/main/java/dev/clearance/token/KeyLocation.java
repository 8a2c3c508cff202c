package dev.clearance.token;

import java.net.URI;
import java.nio.file.Path;

/** Where an issuer's signing keys come from. */
public sealed interface KeyLocation {

    /** OIDC discovery: the document's {@code jwks_uri} is fetched next. */
    record Discovery(URI url) implements KeyLocation {}

    /** A JWKS URL, no discovery. */
    record JwksUrl(URI url) implements KeyLocation {}

    /** A JWKS file on disk, no network at all. */
    record JwksFile(Path path) implements KeyLocation {}
}

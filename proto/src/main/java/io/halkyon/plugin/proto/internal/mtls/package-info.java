/**
 * go-plugin's AutoMTLS: certificates (BouncyCastle), parsing a peer's certificate, exact-certificate pinning and TLS contexts.
 *
 * <p>Shared by the host and the SDK; not API, may change without notice.
 */
package io.halkyon.plugin.proto.internal.mtls;

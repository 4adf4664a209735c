/**
 * Implementation of the plugin fetcher; not API. {@link io.halkyon.plugin.host.fetch.internal.ArtifactFetcher}
 * (one try), HttpTransfer/FileTransfer (bytes in), DigestingSink (hash, limits, progress),
 * ChecksumsFile, TarballUnpacker (safe unpacking), FetchRecords (cache records, temporary files).
 */
package io.halkyon.plugin.host.fetch.internal;

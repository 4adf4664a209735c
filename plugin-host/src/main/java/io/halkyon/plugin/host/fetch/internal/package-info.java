/**
 * Implementation of the plugin fetcher; not API. {@link io.halkyon.plugin.host.fetch.internal.BulkFetch}
 * runs one fetchAll: ReferenceFetch (cache check and tries, on workers), ArtifactFetcher (one try),
 * Installer (ownership of file names, installation, records, on the caller). Bytes come in through
 * HttpTransfer (with Destinations deciding where a GET may go) or FileTransfer into a BoundedSink
 * (DigestingSink, TextSink); TarballUnpacker (with BoundedTarInput) unpacks; FetchRecords keeps the
 * records and temporary files; PathRules and LogText are the rules for names and for source text in
 * log lines.
 */
package io.halkyon.plugin.host.fetch.internal;

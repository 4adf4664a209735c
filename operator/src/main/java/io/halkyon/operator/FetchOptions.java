package io.halkyon.operator;

import io.halkyon.plugin.host.fetch.PluginFetchConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code HALKYON_PLUGINS} options of {@code run}: which references are fetched and how. Their
 * defaults are {@link PluginFetchConfig}'s (through {@link LibraryDefaults}); proxies come from
 * the environment ({@code HTTPS_PROXY}, {@code NO_PROXY}...), as PluginFetchConfig reads them.
 */
final class FetchOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--plugins", paramLabel = "REFS", defaultValue = "${env:HALKYON_PLUGINS:-}",
            description = "Comma-separated plugin references (owner/repo@tag, https://..., file:...) fetched into the"
                    + " plugins directory before loading, through HTTPS_PROXY unless NO_PROXY says otherwise."
                    + " Env: HALKYON_PLUGINS.")
    private String references;

    @Option(names = "--plugins-release-url", paramLabel = "TEMPLATE",
            defaultValue = "${env:HALKYON_PLUGINS_RELEASE_URL:-" + PluginFetchConfig.DEFAULT_RELEASE_URL_TEMPLATE + "}",
            description = "What an owner/repo@tag reference expands to; placeholders {owner}, {repo}, {tag}, {os},"
                    + " {arch}. Env: HALKYON_PLUGINS_RELEASE_URL. Default: ${DEFAULT-VALUE}.")
    private String releaseUrlTemplate;

    @Option(names = "--plugins-arch", paramLabel = "ARCH",
            description = "The value of {arch} in --plugins-release-url, as Go names architectures (amd64, arm64...)."
                    + " Env: HALKYON_PLUGINS_ARCH. Default: this JVM's, ${DEFAULT-VALUE}.")
    private String arch;

    @Option(names = "--plugins-token-file", paramLabel = "FILE", defaultValue = "${env:HALKYON_PLUGINS_TOKEN_FILE:-}",
            description = "A file holding a bearer token (a mounted Secret: read again at each fetch, so rotation"
                    + " works), sent as 'Authorization: Bearer' to --plugins-token-hosts only: never on a redirect to"
                    + " another host, never over plain http. Env: HALKYON_PLUGINS_TOKEN_FILE. Default: none.")
    private String tokenFile;

    @Option(names = "--plugins-token-hosts", paramLabel = "HOST[,HOST...]", split = ",",
            defaultValue = "${env:HALKYON_PLUGINS_TOKEN_HOSTS:-}",
            description = "The hosts the token of --plugins-token-file is sent to. Env: HALKYON_PLUGINS_TOKEN_HOSTS."
                    + " Default: the host of --plugins-release-url.")
    private List<String> tokenHosts;

    @Option(names = "--plugins-attempt-timeout", paramLabel = "DURATION",
            description = "How long one try at fetching one plugin reference may take (checksums file and artifact,"
                    + " redirects and bodies included); a stalled server is cut off here."
                    + " Env: HALKYON_PLUGINS_ATTEMPT_TIMEOUT. Default: ${DEFAULT-VALUE}.")
    private Duration attemptTimeout;

    @Option(names = "--plugins-fetch-timeout", paramLabel = "DURATION",
            description = "How long fetching the plugin references may hold up the start, tries included; references"
                    + " not fetched by then fail. Env: HALKYON_PLUGINS_FETCH_TIMEOUT. Default: ${DEFAULT-VALUE}.")
    private Duration totalTimeout;

    @Option(names = "--plugins-fetch-parallelism", paramLabel = "N",
            description = "Plugin references fetched at once (1 to 64). Env: HALKYON_PLUGINS_FETCH_PARALLELISM."
                    + " Default: ${DEFAULT-VALUE}.")
    private int parallelism;

    /** The PluginFetchConfig field each option sets, to name the option in an error about the field. */
    private static final Map<String, String> OPTION_OF_FIELD = Map.of("releaseUrlTemplate", "--plugins-release-url",
            "arch", "--plugins-arch", "tokenFile", "--plugins-token-file", "tokenHosts", "--plugins-token-hosts",
            "attemptTimeout", "--plugins-attempt-timeout", "totalTimeout", "--plugins-fetch-timeout",
            "parallelism", "--plugins-fetch-parallelism");

    /** The references as given (comma-separated, may be blank). */
    String references() {
        return references;
    }

    /** The fetch settings; a usage error naming the option when one is bad. */
    PluginFetchConfig config() {
        Set<String> hosts = new LinkedHashSet<>();
        if (tokenHosts != null) {
            tokenHosts.stream().map(String::trim).filter(h -> !h.isEmpty()).forEach(hosts::add);
        }
        try {
            return PluginFetchConfig.builder().releaseUrlTemplate(releaseUrlTemplate).arch(arch)
                    .tokenFile(tokenFile == null || tokenFile.isBlank() ? null : Path.of(tokenFile.trim()))
                    .tokenHosts(hosts).attemptTimeout(attemptTimeout).totalTimeout(totalTimeout)
                    .parallelism(parallelism).build();
        } catch (IllegalArgumentException e) {
            String option = OPTION_OF_FIELD.entrySet().stream()
                    .filter(f -> e.getMessage().startsWith("PluginFetchConfig." + f.getKey() + " "))
                    .map(Map.Entry::getValue).findFirst().orElse("plugin fetch options");
            throw new ParameterException(command.commandLine(), option + ": " + e.getMessage());
        }
    }
}

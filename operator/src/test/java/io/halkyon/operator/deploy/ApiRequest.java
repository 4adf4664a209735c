package io.halkyon.operator.deploy;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What RBAC authorizes in an API request (Kubernetes' request attributes): a resource request
 * (verb, API group, resource, subresource, namespace, name) or a non-resource one (its path).
 * Verbs as the API server derives them: GET of one object {@code get}, of a collection
 * {@code list}, or {@code watch} with {@code watch=true}; POST {@code create}, PUT {@code update},
 * PATCH {@code patch}, DELETE {@code delete} or {@code deletecollection}.
 */
record ApiRequest(String method, String path, String verb, String group, String resource, String subresource,
                  String namespace, String name) {

    boolean isResource() {
        return resource != null;
    }

    /** The resource as RBAC rules name it: {@code resource} or {@code resource/subresource}. */
    String ruleResource() {
        return subresource == null ? resource : resource + "/" + subresource;
    }

    static ApiRequest parse(String method, String pathAndQuery) {
        String[] split = pathAndQuery.split("\\?", 2);
        String path = split[0];
        boolean watch = split.length == 2 && Arrays.asList(split[1].split("&")).contains("watch=true");
        List<String> parts = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
        int rest;
        String group;
        if (parts.size() >= 3 && parts.get(0).equals("api")) {
            group = "";
            rest = 2;
        } else if (parts.size() >= 4 && parts.get(0).equals("apis")) {
            group = parts.get(1);
            rest = 3;
        } else {
            return new ApiRequest(method, path, method.toLowerCase(Locale.ROOT), null, null, null, null, null);
        }
        List<String> r = parts.subList(rest, parts.size());
        String namespace = null;
        if (r.size() >= 3 && r.get(0).equals("namespaces")) {
            namespace = r.get(1);
            r = r.subList(2, r.size());
        }
        String resource = r.get(0);
        String name = r.size() > 1 ? r.get(1) : null;
        String subresource = r.size() > 2 ? String.join("/", r.subList(2, r.size())) : null;
        String verb = switch (method) {
            case "GET", "HEAD" -> name == null ? (watch ? "watch" : "list") : (watch ? "watch" : "get");
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name == null ? "deletecollection" : "delete";
            default -> method.toLowerCase(Locale.ROOT);
        };
        return new ApiRequest(method, path, verb, group, resource, subresource, namespace, name);
    }

    @Override
    public String toString() {
        return method + " " + path + (isResource() ? " (verb " + verb + " on " + ruleResource()
                + (group.isEmpty() ? "" : "." + group) + (namespace == null ? "" : " in namespace " + namespace)
                + (name == null ? "" : " named " + name) + ")" : " (non-resource URL)");
    }
}

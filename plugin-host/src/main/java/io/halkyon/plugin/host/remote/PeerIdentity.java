package io.halkyon.plugin.host.remote;

import java.util.List;
import java.util.Objects;

/**
 * Who a remote plugin is, as its token says: in Kubernetes, the TokenReview's user
 * ({@code system:serviceaccount:NAMESPACE:NAME}, its uid and groups).
 *
 * @param username the user name; never empty
 * @param uid      the user's uid, or empty when unknown
 * @param groups   the user's groups
 */
public record PeerIdentity(String username, String uid, List<String> groups) {

    public PeerIdentity {
        Objects.requireNonNull(username, "username");
        if (username.isEmpty()) {
            throw new IllegalArgumentException("username must not be empty");
        }
        uid = uid == null ? "" : uid;
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    /** An identity with no uid and no groups. */
    public static PeerIdentity of(String username) {
        return new PeerIdentity(username, "", List.of());
    }

    @Override
    public String toString() {
        return username;
    }
}

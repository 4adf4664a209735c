package io.halkyon.plugin.host;

/**
 * A user and group a plugin runs as, by number (see {@link PluginClientConfig.Builder#runAs}).
 *
 * @param uid the user id, 0 or more
 * @param gid the group id, 0 or more
 */
public record PluginUser(int uid, int gid) {

    public PluginUser {
        if (uid < 0 || gid < 0) {
            throw new IllegalArgumentException("plugin user: uid and gid must be 0 or more, not " + uid + ":" + gid);
        }
    }

    /**
     * Parses {@code UID} or {@code UID:GID} (the group defaults to the uid's number).
     *
     * @throws IllegalArgumentException naming the text and the expected form
     */
    public static PluginUser parse(String text) {
        String[] parts = text.trim().split(":", -1);
        try {
            if (parts.length == 1) {
                int uid = Integer.parseInt(parts[0]);
                return new PluginUser(uid, uid);
            }
            if (parts.length == 2) {
                return new PluginUser(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("plugin user '" + text + "': expected UID or UID:GID, as numbers");
    }

    @Override
    public String toString() {
        return uid + ":" + gid;
    }
}

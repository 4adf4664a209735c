package io.halkyon.examples.kv;

import java.util.ArrayList;
import java.util.List;

/**
 * One command of {@link KvHostMain}'s command line: {@code put KEY VALUE} or {@code get KEY}.
 * The whole list is parsed before the plugin is launched, so a typo costs no plugin start.
 *
 * @param get   whether it is a get (else a put)
 * @param key   the key
 * @param value the value to put; null for a get
 */
record KvCommand(boolean get, String key, String value) {

    /**
     * Parses {@code put KEY VALUE | get KEY ...}; at least one command.
     *
     * @throws IllegalArgumentException naming the first bad word and what follows it
     */
    static List<KvCommand> parse(List<String> args) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("no command given");
        }
        List<KvCommand> commands = new ArrayList<>();
        for (int i = 0; i < args.size(); ) {
            String word = args.get(i);
            if (word.equals("put") && i + 2 < args.size()) {
                commands.add(new KvCommand(false, args.get(i + 1), args.get(i + 2)));
                i += 3;
            } else if (word.equals("get") && i + 1 < args.size()) {
                commands.add(new KvCommand(true, args.get(i + 1), null));
                i += 2;
            } else {
                throw new IllegalArgumentException("bad command at \"" + String.join(" ", args.subList(i, args.size()))
                        + "\"");
            }
        }
        return commands;
    }
}

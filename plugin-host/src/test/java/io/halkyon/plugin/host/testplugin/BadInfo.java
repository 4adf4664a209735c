package io.halkyon.plugin.host.testplugin;

import io.halkyon.plugin.proto.capability.v1.PluginInfo;
import io.halkyon.plugin.proto.capability.v1.TypeInfo;

/** GetInfo answers out of bounds for {@code bad-info <variant>}: what an attacker's plugin says about itself. */
public final class BadInfo {

    /** Types and characters per type of the {@code many-types} answer (the attack). */
    public static final int MANY_TYPES = 4000;
    public static final int LONG = 400;

    private BadInfo() {
    }

    static PluginInfo of(String variant) {
        PluginInfo.Builder info = PluginInfo.newBuilder().setName("bad-info").setVersion("1.0.0").setCategory("test");
        switch (variant) {
            case "many-types" -> {
                for (int i = 0; i < MANY_TYPES; i++) {
                    info.addTypes(TypeInfo.newBuilder().setType(("t" + i + "-").repeat(LONG).substring(0, LONG)));
                }
            }
            case "long-type" -> info.addTypes(TypeInfo.newBuilder().setType("t".repeat(LONG)));
            case "category" -> info.setCategory("Evil/../Cat egory").addTypes(TypeInfo.newBuilder().setType("widget"));
            case "version" -> info.addTypes(TypeInfo.newBuilder().setType("widget").addVersions("1/../../x"));
            case "many-versions" -> {
                TypeInfo.Builder type = TypeInfo.newBuilder().setType("widget");
                for (int i = 0; i < 100; i++) {
                    type.addVersions(Integer.toString(i));
                }
                info.addTypes(type);
            }
            case "twice" -> info.addTypes(TypeInfo.newBuilder().setType("widget"))
                    .addTypes(TypeInfo.newBuilder().setType("WIDGET"));
            case "name" -> info.setName("bad\nINFO forged log line").addTypes(TypeInfo.newBuilder().setType("widget"));
            default -> throw new IllegalArgumentException("unknown bad-info variant " + variant);
        }
        return info.build();
    }
}

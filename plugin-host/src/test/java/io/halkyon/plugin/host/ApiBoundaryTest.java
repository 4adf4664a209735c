package io.halkyon.plugin.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.halkyon.plugin.api.Plugin;
import io.halkyon.plugin.grpc.PluginBroker;
import io.halkyon.plugin.sdk.PluginServer;
import java.io.IOException;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The API boundary, enforced: nothing a user can reach through the public API of plugin-api,
 * the shared broker API, plugin-host or plugin-sdk names a type of an {@code internal} package or
 * a generated protobuf class, and plugin-api names no gRPC or protobuf type at all. (Internal
 * packages stay public classes for the modules' own use, as in grpc-java; this is what keeps
 * them out of users' code.)
 */
class ApiBoundaryTest {

    private static final List<String> API_PACKAGES = List.of("io.halkyon.plugin.api", "io.halkyon.plugin.grpc",
            "io.halkyon.plugin.host", "io.halkyon.plugin.host.fetch", "io.halkyon.plugin.host.remote",
            "io.halkyon.plugin.sdk", "io.halkyon.plugin.sdk.remote");

    @Test
    void publicSignaturesNameNoInternalOrGeneratedType() throws Exception {
        List<String> leaks = new ArrayList<>();
        for (Class<?> type : apiTypes()) {
            for (Type used : exposedTypes(type)) {
                for (Class<?> named : classesIn(used)) {
                    String problem = problem(type, named);
                    if (problem != null) {
                        leaks.add(type.getName() + " exposes " + named.getName() + ": " + problem);
                    }
                }
            }
        }
        assertThat(leaks).isEmpty();
    }

    @Test
    void theApiPackagesAreWhereTheyShouldBe() throws Exception {
        assertThat(apiTypes()).extracting(Class::getPackageName).containsAll(API_PACKAGES);
    }

    private static String problem(Class<?> api, Class<?> named) {
        String pkg = named.getPackageName();
        if (pkg.contains(".internal")) {
            return "an internal package";
        }
        if (pkg.startsWith("io.halkyon.plugin.proto")) {
            return "a generated protobuf class";
        }
        if (api.getPackageName().equals("io.halkyon.plugin.api")
                && (pkg.startsWith("io.grpc") || pkg.startsWith("com.google.protobuf"))) {
            return "plugin-api must not depend on gRPC or protobuf";
        }
        return null;
    }

    private static List<Class<?>> apiTypes() throws IOException, URISyntaxException, ClassNotFoundException {
        Set<String> names = new TreeSet<>();
        for (Class<?> anchor : List.of(Plugin.class, PluginBroker.class, PluginClient.class, PluginServer.class)) {
            Path location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            names.addAll(classNames(location));
        }
        List<Class<?>> types = new ArrayList<>();
        for (String name : names) {
            Class<?> type = Class.forName(name, false, ApiBoundaryTest.class.getClassLoader());
            if (API_PACKAGES.contains(type.getPackageName()) && isReachable(type)) {
                types.add(type);
            }
        }
        return types;
    }

    private static boolean isReachable(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getDeclaringClass()) {
            if (!Modifier.isPublic(c.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> classNames(Path location) throws IOException {
        Set<String> names = new HashSet<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.walk(location)) {
                files.map(p -> location.relativize(p).toString()).forEach(n -> addClass(names, n));
            }
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                jar.stream().forEach(e -> addClass(names, e.getName()));
            }
        }
        return names;
    }

    private static void addClass(Set<String> names, String file) {
        if (file.endsWith(".class") && !file.endsWith("module-info.class") && !file.endsWith("package-info.class")) {
            names.add(file.substring(0, file.length() - 6).replace('/', '.'));
        }
    }

    /** Supertypes and the types of every public or protected member: what a user's code can touch. */
    private static List<Type> exposedTypes(Class<?> type) {
        List<Type> used = new ArrayList<>();
        if (type.getGenericSuperclass() != null) {
            used.add(type.getGenericSuperclass());
        }
        used.addAll(Arrays.asList(type.getGenericInterfaces()));
        List<Member> members = new ArrayList<>();
        members.addAll(Arrays.asList(type.getDeclaredMethods()));
        members.addAll(Arrays.asList(type.getDeclaredConstructors()));
        members.addAll(Arrays.asList(type.getDeclaredFields()));
        for (Member member : members) {
            int m = member.getModifiers();
            if (member.isSynthetic() || !(Modifier.isPublic(m) || Modifier.isProtected(m) && !Modifier.isFinal(
                    type.getModifiers()))) {
                continue;
            }
            if (member instanceof Executable e) {
                used.addAll(Arrays.asList(e.getGenericParameterTypes()));
                used.addAll(Arrays.asList(e.getGenericExceptionTypes()));
                if (e instanceof Method method) {
                    used.add(method.getGenericReturnType());
                }
            } else if (member instanceof Field f) {
                used.add(f.getGenericType());
            }
        }
        return used;
    }

    private static Set<Class<?>> classesIn(Type type) {
        Set<Class<?>> out = new HashSet<>();
        collect(type, out, new HashSet<>());
        return out;
    }

    private static void collect(Type type, Set<Class<?>> out, Set<Type> seen) {
        if (type == null || !seen.add(type)) {
            return;
        }
        if (type instanceof Class<?> c) {
            out.add(c.isArray() ? c.getComponentType() : c);
        } else if (type instanceof ParameterizedType p) {
            collect(p.getRawType(), out, seen);
            for (Type arg : p.getActualTypeArguments()) {
                collect(arg, out, seen);
            }
        } else if (type instanceof GenericArrayType a) {
            collect(a.getGenericComponentType(), out, seen);
        } else if (type instanceof WildcardType w) {
            Arrays.stream(w.getUpperBounds()).forEach(t -> collect(t, out, seen));
            Arrays.stream(w.getLowerBounds()).forEach(t -> collect(t, out, seen));
        } else if (type instanceof TypeVariable<?> v) {
            Arrays.stream(v.getBounds()).forEach(t -> collect(t, out, seen));
        }
    }
}

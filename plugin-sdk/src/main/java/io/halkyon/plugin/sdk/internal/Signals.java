package io.halkyon.plugin.sdk.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Signal handlers through {@code sun.misc.Signal} (module jdk.unsupported), looked up
 * reflectively so the SDK compiles without proprietary-API warnings and degrades to the
 * JVM's default handling (a shutdown hook) where it is missing.
 */
public final class Signals {

    private Signals() {
    }

    /** Runs {@code action} on the signal ({@code TERM}, {@code INT}...); false when not possible. */
    public static boolean handle(String name, Runnable action) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object signal = signalClass.getConstructor(String.class).newInstance(name);
            InvocationHandler invocation = (Object proxy, Method method, Object[] args) -> {
                switch (method.getName()) {
                    case "handle":
                        action.run();
                        return null;
                    case "hashCode":
                        return System.identityHashCode(proxy);
                    case "equals":
                        return proxy == args[0];
                    case "toString":
                        return "SignalHandler[" + name + "]";
                    default:
                        return null;
                }
            };
            Object handler = Proxy.newProxyInstance(handlerClass.getClassLoader(),
                    new Class<?>[] {handlerClass}, invocation);
            signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, handler);
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // No sun.misc.Signal, or the JVM reserves the signal (-Xrs): keep the default.
            return false;
        }
    }
}

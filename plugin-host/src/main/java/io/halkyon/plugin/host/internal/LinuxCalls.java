package io.halkyon.plugin.host.internal;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The few Linux calls Java has no API for, through JNA: {@code prctl} (dumpable flag, child
 * subreaper), {@code waitpid} (reaping processes the host adopted but did not start) and
 * {@code geteuid}. Unavailable (every method says so) off Linux or when JNA cannot load.
 */
public final class LinuxCalls {

    private static final Logger log = LoggerFactory.getLogger(LinuxCalls.class);
    private static final int PR_SET_DUMPABLE = 4;
    private static final int PR_GET_DUMPABLE = 3;
    private static final int PR_SET_CHILD_SUBREAPER = 36;
    private static final int PR_GET_CHILD_SUBREAPER = 37;
    private static final int WNOHANG = 1;
    private static final C LIBC = load();

    private LinuxCalls() {
    }

    /** libc, as JNA binds it. */
    public interface C extends Library {
        int prctl(int option, long arg2, long arg3, long arg4, long arg5);

        int waitpid(int pid, int[] status, int options);

        int geteuid();
    }

    private static C load() {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return null;
        }
        try {
            return Native.load("c", C.class);
        } catch (LinkageError | RuntimeException e) {
            log.warn("process containment: cannot load libc through JNA ({}): the host stays dumpable and is no"
                    + " child subreaper", e.toString());
            return null;
        }
    }

    /** Whether the calls can be made. */
    public static boolean available() {
        return LIBC != null;
    }

    /** Makes this process non-dumpable: its /proc files (environ, mem...) closed to same-user processes. */
    public static boolean makeNonDumpable() {
        return LIBC != null && LIBC.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0
                && LIBC.prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0;
    }

    /** Makes this process the child subreaper of its descendants: their orphans are re-parented here. */
    public static boolean becomeSubreaper() {
        if (LIBC == null || LIBC.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0) {
            return false;
        }
        Memory flag = new Memory(4);
        return LIBC.prctl(PR_GET_CHILD_SUBREAPER, Pointer.nativeValue(flag), 0, 0, 0) == 0 && flag.getInt(0) != 0;
    }

    /** Reaps {@code pid} if it is a child that has exited; true when it was reaped. */
    public static boolean reap(long pid) {
        return LIBC != null && LIBC.waitpid((int) pid, new int[1], WNOHANG) == pid;
    }

    /** The effective uid, or -1 when unknown. */
    public static int effectiveUid() {
        return LIBC == null ? -1 : LIBC.geteuid();
    }
}

package io.halkyon.operator;

import java.io.PrintWriter;
import java.io.StringWriter;

/** The operator's command line run in-process: its exit status and what it printed on stdout and stderr. */
record CommandRun(int exit, String out, String err) {

    static CommandRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var commandLine = HalkyonOperator.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int exit = commandLine.execute(args);
        return new CommandRun(exit, out.toString(), err.toString());
    }
}

// go-counter-host: a go-plugin host for the "counter" plugin, serving an AddHelper that
// really adds, through the GRPCBroker.
//
//	COUNTER_PLUGIN="cmd args..." go-counter-host [--mtls] put KEY N get KEY ...
//
// Prints each Get's value on its own line. COUNTER_LOG_LEVEL sets the stderr log level
// (default info). On any error: a message on stderr, the plugin killed, exit status 1.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc/status"

	"halkyon.io/examples/counterproto"
	"halkyon.io/examples/kv/shared"
)

const usage = "usage: COUNTER_PLUGIN=<plugin command> go-counter-host [--mtls] put KEY N | get KEY ..."

// adder is the AddHelper the plugin calls back.
type adder struct{}

func (adder) Sum(_ context.Context, req *counterproto.SumRequest) (*counterproto.SumResponse, error) {
	return &counterproto.SumResponse{R: req.A + req.B}, nil
}

func main() {
	// run does all the work, so that its deferred client.Kill runs before we exit.
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "go-counter-host:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	mtls := len(args) > 0 && args[0] == "--mtls"
	if mtls {
		args = args[1:]
	}
	if err := checkCommands(args); err != nil {
		return err
	}
	command := strings.Fields(os.Getenv("COUNTER_PLUGIN"))
	if len(command) == 0 {
		return errors.New("COUNTER_PLUGIN is not set: it must hold the plugin's command line")
	}

	client := plugin.NewClient(&plugin.ClientConfig{
		HandshakeConfig:  shared.Handshake,
		Plugins:          map[string]plugin.Plugin{"counter": &shared.Counter{}},
		Cmd:              exec.Command(command[0], command[1:]...),
		AllowedProtocols: []plugin.Protocol{plugin.ProtocolGRPC},
		AutoMTLS:         mtls,
		Logger:           shared.HostLogger("go-counter-host", "COUNTER_LOG_LEVEL"),
	})
	defer client.Kill()

	rpc, err := client.Client()
	if err != nil {
		return fmt.Errorf("starting plugin %q: %v", command[0], err)
	}
	raw, err := rpc.Dispense("counter")
	if err != nil {
		return fmt.Errorf("dispensing counter: %v", err)
	}
	counter := raw.(*shared.CounterClient)

	for len(args) > 0 {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		switch args[0] {
		case "put":
			n, _ := strconv.ParseInt(args[2], 10, 64) // checked by checkCommands
			if err = counter.Put(ctx, args[1], n, adder{}); err != nil {
				err = fmt.Errorf("put %s %d: %s", args[1], n, describe(err))
			}
			args = args[3:]
		case "get":
			var v int64
			if v, err = counter.Get(ctx, args[1]); err != nil {
				err = fmt.Errorf("get %s: %s", args[1], describe(err))
			} else {
				fmt.Println(v)
			}
			args = args[2:]
		}
		cancel()
		if err != nil {
			return err
		}
	}
	return nil
}

// describe renders a gRPC error as "message (Code)".
func describe(err error) string {
	if s, ok := status.FromError(err); ok {
		return fmt.Sprintf("%s (%s)", s.Message(), s.Code())
	}
	return err.Error()
}

// checkCommands validates the whole command list before the plugin is started.
func checkCommands(args []string) error {
	if len(args) == 0 {
		return errors.New(usage)
	}
	for i := 0; i < len(args); {
		switch {
		case args[i] == "put" && i+2 < len(args):
			if _, err := strconv.ParseInt(args[i+2], 10, 64); err != nil {
				return fmt.Errorf("put %s: %q is not an integer", args[i+1], args[i+2])
			}
			i += 3
		case args[i] == "get" && i+1 < len(args):
			i += 2
		default:
			return fmt.Errorf("bad command at %q\n%s", strings.Join(args[i:], " "), usage)
		}
	}
	return nil
}

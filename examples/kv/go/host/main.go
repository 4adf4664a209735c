// go-kv-host: a go-plugin host for the "kv_grpc" plugin.
//
//	KV_PLUGIN="cmd args..." go-kv-host [--mtls] put KEY VALUE get KEY ...
//
// Runs the commands in order against one plugin process and prints each Get's value on
// its own line; stdout carries nothing else. KV_LOG_LEVEL sets the stderr log level
// (default info). On any error: a message on stderr, the plugin killed, exit status 1.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc/status"

	"halkyon.io/examples/kv/shared"
	"halkyon.io/examples/kvproto"
)

const usage = "usage: KV_PLUGIN=<plugin command> go-kv-host [--mtls] put KEY VALUE | get KEY ..."

func main() {
	// run does all the work, so that its deferred client.Kill runs before we exit.
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "go-kv-host:", err)
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
	command := strings.Fields(os.Getenv("KV_PLUGIN"))
	if len(command) == 0 {
		return errors.New("KV_PLUGIN is not set: it must hold the plugin's command line")
	}

	kv := &shared.KV{}
	client := plugin.NewClient(&plugin.ClientConfig{
		HandshakeConfig:  shared.Handshake,
		VersionedPlugins: map[int]plugin.PluginSet{1: {"kv_grpc": kv}, 2: {"kv_grpc": kv}},
		Cmd:              exec.Command(command[0], command[1:]...),
		AllowedProtocols: []plugin.Protocol{plugin.ProtocolGRPC},
		AutoMTLS:         mtls,
		Logger:           shared.HostLogger("go-kv-host", "KV_LOG_LEVEL"),
	})
	defer client.Kill()

	rpc, err := client.Client()
	if err != nil {
		return fmt.Errorf("starting plugin %q: %v", command[0], err)
	}
	fmt.Fprintf(os.Stderr, "negotiated app protocol version %d\n", client.NegotiatedVersion())
	raw, err := rpc.Dispense("kv_grpc")
	if err != nil {
		return fmt.Errorf("dispensing kv_grpc: %v", err)
	}
	store := raw.(kvproto.KVClient)

	for len(args) > 0 {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		switch args[0] {
		case "put":
			if _, err = store.Put(ctx, &kvproto.PutRequest{Key: args[1], Value: []byte(args[2])}); err != nil {
				err = fmt.Errorf("put %s: %s", args[1], describe(err))
			}
			args = args[3:]
		case "get":
			var resp *kvproto.GetResponse
			if resp, err = store.Get(ctx, &kvproto.GetRequest{Key: args[1]}); err != nil {
				err = fmt.Errorf("get %s: %s", args[1], describe(err))
			} else {
				fmt.Println(string(resp.Value))
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
			i += 3
		case args[i] == "get" && i+1 < len(args):
			i += 2
		default:
			return fmt.Errorf("bad command at %q\n%s", strings.Join(args[i:], " "), usage)
		}
	}
	return nil
}

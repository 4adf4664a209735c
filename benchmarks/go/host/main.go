// The Go host of benchmarks/run: starts the Go bench plugin with go-plugin (gRPC protocol, unix
// socket), calls Build with the owner JSON read from a file, -warmup times then -calls times, one
// call at a time, and prints each measured call's latency in nanoseconds, one per line.
// Usage: host -plugin FILE -owner FILE -response-size BYTES [-warmup N] [-calls N]
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io/ioutil"
	"os"
	"os/exec"
	"strconv"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"

	capv1 "halkyon.io/capability/v1"
)

type capabilityPlugin struct {
	plugin.NetRPCUnsupportedPlugin
}

func (capabilityPlugin) GRPCServer(*plugin.GRPCBroker, *grpc.Server) error {
	return fmt.Errorf("host side only")
}

func (capabilityPlugin) GRPCClient(_ context.Context, _ *plugin.GRPCBroker, c *grpc.ClientConn) (interface{}, error) {
	return capv1.NewCapabilityPluginClient(c), nil
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(1)
}

func main() {
	pluginFile := flag.String("plugin", "", "the Go bench plugin's executable")
	ownerFile := flag.String("owner", "", "a file holding the owner's JSON")
	responseSize := flag.Int("response-size", 0, "bytes of the plugin's Build answer")
	warmup := flag.Int("warmup", 2000, "calls before measuring")
	calls := flag.Int("calls", 5000, "measured calls")
	flag.Parse()
	owner, err := ioutil.ReadFile(*ownerFile)
	if err != nil {
		fail("reading the owner: %v", err)
	}
	cmd := exec.Command(*pluginFile)
	cmd.Env = append(os.Environ(), "BENCH_RESPONSE_SIZE="+strconv.Itoa(*responseSize))
	client := plugin.NewClient(&plugin.ClientConfig{
		HandshakeConfig: plugin.HandshakeConfig{ProtocolVersion: 1,
			MagicCookieKey: "HALKYON_CAPABILITY_PLUGIN", MagicCookieValue: "io.halkyon.capability.plugin"},
		Plugins:          map[string]plugin.Plugin{"capability": capabilityPlugin{}},
		Cmd:              cmd,
		AllowedProtocols: []plugin.Protocol{plugin.ProtocolGRPC},
		StartTimeout:     30 * time.Second,
		Logger:           hclog.New(&hclog.LoggerOptions{Name: "gohost", Output: os.Stderr, Level: hclog.Warn}),
	})
	defer client.Kill()
	rpc, err := client.Client()
	if err != nil {
		fail("connecting to the plugin: %v", err)
	}
	raw, err := rpc.Dispense("capability")
	if err != nil {
		fail("dispense: %v", err)
	}
	capability := raw.(capv1.CapabilityPluginClient)
	request := &capv1.DependentRequest{Owner: owner,
		Dependent: &capv1.DependentKey{Group: "apps", Version: "v1", Kind: "StatefulSet", Name: "bench"}}
	call := func() {
		// A deadline on every call, as the Java host sets one.
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		response, err := capability.Build(ctx, request)
		cancel()
		if err != nil {
			fail("Build: %v", err)
		}
		if len(response.Object) != *responseSize {
			fail("Build answered %d bytes instead of %d", len(response.Object), *responseSize)
		}
	}
	for i := 0; i < *warmup; i++ {
		call()
	}
	latencies := make([]int64, *calls)
	for i := range latencies {
		start := time.Now()
		call()
		latencies[i] = time.Since(start).Nanoseconds()
	}
	client.Kill()
	out := bufio.NewWriter(os.Stdout)
	for _, l := range latencies {
		fmt.Fprintln(out, l)
	}
	out.Flush()
}

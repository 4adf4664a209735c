// A Capability plugin in Go that runs as a REMOTE plugin (docs/protocol.md, section 14), written
// from that section and stream.proto alone: it dials the operator's plugin server, opens
// pluginframework.v1's PluginStream with its bearer token, registers, and serves the Capability
// calls the operator sends through the stream. The Capability logic (category "cache", type
// "redis") is ../redis, the same as the go-plugin child process ../plugin serves.
//
// Settings (a flag, else its environment variable):
//
//	-address     HALKYON_OPERATOR_ADDRESS  host:port of the operator's plugin server (required)
//	-token-file  HALKYON_TOKEN_FILE        file holding the bearer token, e.g. a projected
//	                                       ServiceAccount token; read again for every stream (required)
//	-ca-file     HALKYON_CA_FILE           PEM CA certificates: TLS, verifying the operator's
//	                                       certificate for the address's host; empty: plaintext
//	-name        HALKYON_PLUGIN_NAME       the name to register (default "redis")
//
// Test knob: REDIS_BUILD_DELAY_MS makes every Build wait that long (or until its call is cancelled
// or its deadline passes) before answering, so deadlines, cancels and concurrency can be seen.
//
// It logs to stderr, one line per connect, register, call, cancel, answer and end of stream
// ("remote-redis: " after the time). It runs until SIGTERM or SIGINT, then half-closes the
// stream, waits up to 5 s for the operator to end it, and exits 0.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"math/rand"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/keepalive"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	capv1 "halkyon.io/capability/v1"
	"halkyon.io/examples/go-capability/redis"
	pb "halkyon.io/pluginframework/v1"
)

const (
	// Reconnect backoff (docs/protocol.md, 14.4): 0.5 s doubling to 30 s, each wait +-20 %.
	minBackoff = 500 * time.Millisecond
	maxBackoff = 30 * time.Second
	// A stream that stayed open this long was accepted: the next wait starts again at minBackoff.
	// Not "a call came": a Capability plugin's first call, GetInfo, comes before the operator
	// has accepted it (a replica of another category is refused after it).
	stableAfter = 10 * time.Second
	// Largest message either way: the operator's limit (14.1); grpc-go receives 4 MiB by default.
	maxMessageSize = 16 << 20
	stopGrace      = 5 * time.Second
)

type config struct {
	address, tokenFile, caFile, name string
	buildDelay                       time.Duration
}

func logf(format string, args ...interface{}) {
	log.Printf(format, args...)
}

// logKV logs redis.Server's messages: hclog's (message, key, value, ...) form.
func logKV(msg string, keyValues ...interface{}) {
	var b strings.Builder
	b.WriteString(msg)
	for i := 0; i+1 < len(keyValues); i += 2 {
		fmt.Fprintf(&b, " %v=%v", keyValues[i], keyValues[i+1])
	}
	logf("%s", b.String())
}

func main() {
	log.SetOutput(os.Stderr)
	log.SetFlags(log.LstdFlags | log.Lmicroseconds | log.Lmsgprefix)
	log.SetPrefix("remote-redis: ")
	cfg := configure()

	served := newMethods()
	served.add(capv1.CapabilityPlugin_ServiceDesc, redis.Server{Log: logKV, BuildDelay: cfg.buildDelay})

	stop, _ := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	run(stop, cfg, served)
	logf("stopped")
}

func configure() config {
	var cfg config
	flag.StringVar(&cfg.address, "address", os.Getenv("HALKYON_OPERATOR_ADDRESS"), "host:port of the operator's plugin server")
	flag.StringVar(&cfg.tokenFile, "token-file", os.Getenv("HALKYON_TOKEN_FILE"), "file holding the bearer token")
	flag.StringVar(&cfg.caFile, "ca-file", os.Getenv("HALKYON_CA_FILE"), "PEM CA certificates for TLS; empty: plaintext")
	name := os.Getenv("HALKYON_PLUGIN_NAME")
	if name == "" {
		name = redis.Name
	}
	flag.StringVar(&cfg.name, "name", name, "the name to register")
	flag.Parse()
	if cfg.address == "" || cfg.tokenFile == "" {
		fmt.Fprintln(os.Stderr, "remote-redis: -address (HALKYON_OPERATOR_ADDRESS) and -token-file (HALKYON_TOKEN_FILE) are required")
		flag.Usage()
		os.Exit(2)
	}
	if ms := os.Getenv("REDIS_BUILD_DELAY_MS"); ms != "" {
		n, err := strconv.Atoi(ms)
		if err != nil || n < 0 {
			fmt.Fprintf(os.Stderr, "remote-redis: REDIS_BUILD_DELAY_MS must be a number of milliseconds, was %q\n", ms)
			os.Exit(2)
		}
		cfg.buildDelay = time.Duration(n) * time.Millisecond
	}
	return cfg
}

// run connects, serves until the stream ends, waits and connects again, until stop.
func run(stop context.Context, cfg config, served *methods) {
	// Seeded per process, so replicas that lost the operator together do not come back together.
	jitter := rand.New(rand.NewSource(time.Now().UnixNano()))
	wait := minBackoff
	for {
		began := time.Now()
		err := connectAndServe(stop, cfg, served)
		if stop.Err() != nil {
			return
		}
		if time.Since(began) >= stableAfter {
			wait = minBackoff
		}
		pause := time.Duration(float64(wait) * (0.8 + 0.4*jitter.Float64()))
		logf("%s; reconnecting in %v", describe(err), pause.Round(time.Millisecond))
		select {
		case <-time.After(pause):
		case <-stop.Done():
			return
		}
		if wait *= 2; wait > maxBackoff {
			wait = maxBackoff
		}
	}
}

// describe says why a stream ended, with the status code's name.
func describe(err error) string {
	if errors.Is(err, io.EOF) {
		return "the operator ended the stream"
	}
	st, ok := status.FromError(err)
	if !ok {
		return err.Error()
	}
	what := "stream ended"
	if st.Code() == codes.Unauthenticated || st.Code() == codes.PermissionDenied {
		what = "refused by the operator"
	}
	return what + ": " + codeName(st.Code()) + ": " + st.Message()
}

// connectAndServe runs one stream: token, dial, PluginStream, register, calls; it returns why
// the stream ended, or nil after a clean stop.
func connectAndServe(stop context.Context, cfg config, served *methods) error {
	token, err := readToken(cfg.tokenFile)
	if err != nil {
		return err
	}
	creds := grpc.WithInsecure()
	transport := "plaintext"
	if cfg.caFile != "" {
		tls, err := credentials.NewClientTLSFromFile(cfg.caFile, "")
		if err != nil {
			return fmt.Errorf("cannot read the CA file %s: %w", cfg.caFile, err)
		}
		creds, transport = grpc.WithTransportCredentials(tls), "TLS"
	}
	logf("connecting to %s (%s)", cfg.address, transport)
	conn, err := grpc.Dial(cfg.address, creds,
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(maxMessageSize), grpc.MaxCallSendMsgSize(maxMessageSize)),
		// The operator allows pings every 5 s at most; these only notice a vanished operator.
		grpc.WithKeepaliveParams(keepalive.ClientParameters{Time: 30 * time.Second, Timeout: 10 * time.Second}))
	if err != nil {
		return err
	}
	defer conn.Close()

	// Not derived from stop: a stop half-closes an open stream first, then cancels it. A stop
	// while still connecting (an unreachable operator: up to 20 s) gives up at once.
	streamCtx, cancel := context.WithCancel(metadata.AppendToOutgoingContext(context.Background(),
		"authorization", "Bearer "+token))
	defer cancel()
	opened := make(chan struct{})
	go func() {
		select {
		case <-stop.Done():
			select {
			case <-opened:
			default:
				cancel()
			}
		case <-opened:
		}
	}()
	stream, err := pb.NewPluginFrameworkServiceClient(conn).PluginStream(streamCtx)
	close(opened)
	if err != nil {
		return err
	}
	s := newSession(stream, served)
	defer s.cancelAll()
	logf("connected; registering as %s %s serving %v, extensions 1", cfg.name, redis.Version, served.services)
	s.send(&pb.PluginStreamMessage{Payload: &pb.PluginStreamMessage_Register{Register: &pb.PluginRegister{
		Name: cfg.name, Version: redis.Version, Services: served.services, Extensions: 1}}})

	ended := make(chan error, 1)
	go func() { ended <- s.receive() }()
	select {
	case err := <-ended:
		return err
	case <-stop.Done():
		logf("stopping: closing the stream")
		s.closeSend()
		select {
		case <-ended:
		case <-time.After(stopGrace):
		}
		return nil
	}
}

func readToken(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("cannot read the token file: %w", err)
	}
	token := strings.TrimSpace(string(data))
	if token == "" {
		return "", fmt.Errorf("the token file %s is empty", path)
	}
	return token, nil
}

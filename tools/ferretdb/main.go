// Command ferretdb runs FerretDB 1.24 (MongoDB wire protocol, SQLite backend) for the 12314 server;
// with -postgresql-url it serves a PostgreSQL database instead (used to take bench figures).
//
// It is built from the upstream embeddable package rather than upstream's cmd/ferretdb, because
// a build whose main module is FerretDB itself needs version files that only upstream's release
// tooling generates (see docs/ferretdb.md). The installer builds it against a patched copy of the
// module (server/db/ferretdb-patches.ts), so this file stays plain upstream API.
//
// It prints "listening <mongodb uri>" on stdout once it accepts connections (listen on port 0 to
// get a free port without a race), and exits on SIGINT/SIGTERM or when its stdin closes: the
// Node process that started it holds the other end, so the database never outlives it.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listenAddr := flag.String("listen-addr", "127.0.0.1:0", "TCP address to listen on (port 0: any free port)")
	dataDir := flag.String("data-dir", "", "directory for the SQLite databases (required)")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	postgresURL := flag.String("postgresql-url", "", "use this PostgreSQL database instead of SQLite files")
	flag.Parse()

	if err := run(*listenAddr, *dataDir, *logLevel, *postgresURL); err != nil {
		fmt.Fprintln(os.Stderr, "ferretdb:", err)
		os.Exit(1)
	}
}

func run(listenAddr, dataDir, logLevel, postgresURL string) error {
	if dataDir == "" {
		return fmt.Errorf("-data-dir is required")
	}
	absDir, err := filepath.Abs(dataDir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(absDir, 0o700); err != nil {
		return err
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(logLevel)); err != nil {
		return fmt.Errorf("bad -log-level: %w", err)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	config := &ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: listenAddr},
		Handler:   "sqlite",
		SQLiteURL: "file:" + absDir + "/",
		Logger:    logger,
	}
	if postgresURL != "" {
		config.Handler = "postgresql"
		config.PostgreSQLURL = postgresURL
	}
	db, err := ferretdb.New(config)
	if err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		stop()
	}()

	fmt.Printf("listening %s\n", db.MongoDBURI())
	return db.Run(ctx)
}

package kv_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/chunkwise/chunkwise/internal/s3test"
	"github.com/chunkwise/chunkwise/store/kv"
)

// awsHome gives the test a HOME holding ~/.aws/config and
// ~/.aws/credentials with the given contents ("" for no file), and clears
// every AWS variable, so that only those files configure kv.Open.
func awsHome(t *testing.T, config, creds string) {
	t.Helper()
	home := t.TempDir()
	for _, k := range []string{"AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY", "AWS_SECRET_ACCESS_KEY", "AWS_SECRET_KEY",
		"AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION",
		"AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", "AWS_S3_ADDRESSING_STYLE", "AWS_NO_SIGN_REQUEST",
		"AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_WEB_IDENTITY_TOKEN_FILE"} {
		t.Setenv(k, "")
	}
	t.Setenv("HOME", home)
	os.Mkdir(filepath.Join(home, ".aws"), 0o700)
	for name, text := range map[string]string{"config": config, "credentials": creds} {
		if text != "" {
			if err := os.WriteFile(filepath.Join(home, ".aws", name), []byte(text), 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// roundTrip writes and reads back a value through kv.Open(url).
func roundTrip(t *testing.T, url string) error {
	t.Helper()
	s, err := kv.Open(url)
	if err != nil {
		return err
	}
	ctx := context.Background()
	v := []byte("value of " + url)
	if err := s.Set(ctx, "k", v); err != nil {
		return err
	}
	got, err := s.Get(ctx, "k")
	if err == nil && !bytes.Equal(got, v) {
		t.Errorf("%s: read back %q", url, got)
	}
	return err
}

// TestAWSSharedConfig configures s3:// URLs by the shared config and
// credentials files only (a temporary HOME), against a real server.
func TestAWSSharedConfig(t *testing.T) {
	srv := s3test.Start(t)
	srv.Bucket(t, "cfg", "")
	keys := "aws_access_key_id = " + srv.AccessKey + "\naws_secret_access_key = " + srv.SecretKey + "\n"

	// Endpoint, region and addressing in the profile's s3 block;
	// credentials in ~/.aws/credentials under the profile's name.
	awsHome(t, "[default]\nregion = eu-west-9\n\n[profile local]\nregion = us-east-1\ns3 =\n  endpoint_url = "+srv.Endpoint+
		"\n  addressing_style = path\n", "[default]\naws_access_key_id = nobody\naws_secret_access_key = x\n\n[local]\n"+keys)
	t.Setenv("AWS_PROFILE", "local")
	if err := roundTrip(t, "s3://cfg/profile-s3-block"); err != nil {
		t.Fatalf("profile with an s3 block: %v", err)
	}

	// The default profile: top-level endpoint_url, credentials in the
	// config file itself.
	awsHome(t, "[default]\nendpoint_url = "+srv.Endpoint+"\n"+keys, "")
	if err := roundTrip(t, "s3://cfg/default-profile"); err != nil {
		t.Fatalf("default profile: %v", err)
	}

	// A services section, as the AWS CLI writes it.
	awsHome(t, "[profile svc]\nservices = mine\n"+keys+"\n[services mine]\ns3 =\n  endpoint_url = "+srv.Endpoint+"\n", "")
	t.Setenv("AWS_PROFILE", "svc")
	if err := roundTrip(t, "s3://cfg/services"); err != nil {
		t.Fatalf("services section: %v", err)
	}

	// The environment wins over the files.
	awsHome(t, "[default]\nendpoint_url = http://127.0.0.1:1\nregion = nowhere-1\n", "[default]\n"+keys)
	t.Setenv("AWS_ENDPOINT_URL", srv.Endpoint)
	t.Setenv("AWS_REGION", "us-east-1")
	if err := roundTrip(t, "s3://cfg/env-first"); err != nil {
		t.Fatalf("environment over config: %v", err)
	}
	t.Setenv("AWS_ACCESS_KEY_ID", "nobody")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "wrong")
	if err := roundTrip(t, "s3://cfg/env-creds"); err == nil || !strings.Contains(err.Error(), "s3://cfg/env-creds/k") {
		t.Errorf("environment credentials did not win over the file's: %v", err)
	}

	// A profile no file has, a config file that does not parse.
	awsHome(t, "[default]\nregion = us-east-1\n", "")
	t.Setenv("AWS_PROFILE", "typo")
	if _, err := kv.Open("s3://cfg/x"); err == nil || !strings.Contains(err.Error(), `"typo"`) {
		t.Errorf("unknown profile: %v", err)
	}
	awsHome(t, "[default\nregion", "")
	if _, err := kv.Open("s3://cfg/x"); err == nil || !strings.Contains(err.Error(), "config") {
		t.Errorf("malformed config: %v", err)
	}

	// No credentials anywhere: anonymous requests, which a public
	// bucket answers and a private one refuses.
	c, err := minio.New(strings.TrimPrefix(srv.Endpoint, "http://"), &minio.Options{
		Creds: credentials.NewStaticV4(srv.AccessKey, srv.SecretKey, ""), Region: "us-east-1"})
	if err != nil {
		t.Fatal(err)
	}
	srv.Bucket(t, "open", "")
	if err := c.SetBucketPolicy(context.Background(), "open", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",`+
		`"Principal":"*","Action":["s3:GetObject","s3:PutObject","s3:ListBucket"],"Resource":["arn:aws:s3:::open","arn:aws:s3:::open/*"]}]}`); err != nil {
		t.Fatal(err)
	}
	awsHome(t, "[default]\nendpoint_url = "+srv.Endpoint+"\n", "")
	if err := roundTrip(t, "s3://open/anonymous"); err != nil {
		t.Errorf("anonymous access to a public bucket: %v", err)
	}
	if err := roundTrip(t, "s3://cfg/anonymous"); err == nil || !strings.Contains(err.Error(), "s3://cfg/anonymous/k") {
		t.Errorf("anonymous write to a private bucket: %v", err)
	}
	// AWS_NO_SIGN_REQUEST drops the credentials the files hold.
	awsHome(t, "[default]\nendpoint_url = "+srv.Endpoint+"\n", "[default]\n"+keys)
	if err := roundTrip(t, "s3://cfg/signed"); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_NO_SIGN_REQUEST", "true")
	if err := roundTrip(t, "s3://cfg/unsigned"); err == nil {
		t.Error("AWS_NO_SIGN_REQUEST: a write to a private bucket succeeded")
	}
}

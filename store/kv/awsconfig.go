package kv

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/ini.v1"
)

// S3OptionsFromEnv returns the options the standard AWS settings give,
// the environment first, then the profile's section of the shared config
// file (AWS_CONFIG_FILE or ~/.aws/config; profile AWS_PROFILE, else
// "default"):
//
//   - Endpoint: AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, the profile's
//     s3 endpoint_url (in its nested "s3 =" block, or in the s3 block of
//     the [services NAME] section its "services = NAME" names), then its
//     endpoint_url;
//   - Region: AWS_REGION, AWS_DEFAULT_REGION, then the profile's region;
//   - Addressing: AWS_S3_ADDRESSING_STYLE, then the profile's s3
//     addressing_style ("auto" means "");
//   - Anonymous: AWS_NO_SIGN_REQUEST=true (or yes, 1).
//
// Credentials are looked up when the store is made (see
// S3Options.AccessKey). A config file that cannot be parsed, or a profile
// named by AWS_PROFILE that no file has, is an error naming it.
func S3OptionsFromEnv() (S3Options, error) {
	prof, err := awsProfile()
	if err != nil {
		return S3Options{}, err
	}
	o := S3Options{
		Endpoint: cmp.Or(os.Getenv("AWS_ENDPOINT_URL_S3"), os.Getenv("AWS_ENDPOINT_URL"),
			prof.s3["endpoint_url"], prof.keys["endpoint_url"]),
		Region:     cmp.Or(os.Getenv("AWS_REGION"), os.Getenv("AWS_DEFAULT_REGION"), prof.keys["region"]),
		Addressing: cmp.Or(os.Getenv("AWS_S3_ADDRESSING_STYLE"), prof.s3["addressing_style"]),
	}
	if o.Addressing == "auto" {
		o.Addressing = ""
	}
	switch strings.ToLower(os.Getenv("AWS_NO_SIGN_REQUEST")) {
	case "1", "true", "yes":
		o.Anonymous = true
	}
	return o, nil
}

// profile is what S3OptionsFromEnv reads from a profile of the shared
// config: its top-level keys and those of its s3 block.
type profile struct {
	keys, s3 map[string]string
}

// awsProfile reads the profile's section of the shared config file; a
// missing file is an empty profile.
func awsProfile() (profile, error) {
	p := profile{keys: map[string]string{}, s3: map[string]string{}}
	name := cmp.Or(os.Getenv("AWS_PROFILE"), os.Getenv("AWS_DEFAULT_PROFILE"))
	path := os.Getenv("AWS_CONFIG_FILE")
	if path == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return p, nil
		}
		path = filepath.Join(home, ".aws", "config")
	}
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		if name != "" && !credentialsHaveProfile(name) {
			return p, fmt.Errorf("kv: AWS_PROFILE %q: no such profile (no config file %s)", name, path)
		}
		return p, nil
	}
	if err != nil {
		return p, fmt.Errorf("kv: AWS config: %w", err)
	}
	f, err := ini.LoadSources(ini.LoadOptions{AllowNestedValues: true}, b)
	if err != nil {
		return p, fmt.Errorf("kv: AWS config file %s: %w", path, err)
	}
	section := "default"
	if name != "" && name != "default" {
		section = "profile " + name
	}
	sec, err := f.GetSection(section)
	if err != nil {
		if name != "" && name != "default" && !credentialsHaveProfile(name) {
			return p, fmt.Errorf("kv: AWS_PROFILE %q: no [%s] section in %s", name, section, path)
		}
		return p, nil
	}
	for _, k := range sec.Keys() {
		p.keys[k.Name()] = k.String()
	}
	nested(p.s3, sec.Key("s3"))
	if svc := p.keys["services"]; svc != "" {
		if s, err := f.GetSection("services " + svc); err == nil {
			nested(p.s3, s.Key("s3"))
		}
	}
	return p, nil
}

// nested adds the "name = value" lines of an AWS nested block to m,
// keeping values already there.
func nested(m map[string]string, k *ini.Key) {
	for _, line := range k.NestedValues() {
		n, v, ok := strings.Cut(line, "=")
		if n = strings.TrimSpace(n); ok && m[n] == "" {
			m[n] = strings.TrimSpace(v)
		}
	}
}

// credentialsHaveProfile reports whether the shared credentials file has
// a section for profile name (profiles may live there alone).
func credentialsHaveProfile(name string) bool {
	path := os.Getenv("AWS_SHARED_CREDENTIALS_FILE")
	if path == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return false
		}
		path = filepath.Join(home, ".aws", "credentials")
	}
	f, err := ini.Load(path)
	if err != nil {
		return false
	}
	_, err = f.GetSection(name)
	return err == nil
}

//! The nginx configuration text a test runs: the committed `deploy/nginx.conf` with the
//! values of its `# DEPLOY:` lines set, inside a main configuration like Debian's.

use std::path::Path;

use crate::Result;

/// Marks the lines of `deploy/nginx.conf` whose value a deployment sets.
const MARK: &str = "# DEPLOY:";

/// `conf` with each line marked [`MARK`] set to the value `values` gives its directive;
/// every marked line needs a value, and every value a marked line. Comments are kept.
pub fn deployed(conf: &str, values: &[(&str, String)]) -> Result<String> {
    let mut used = vec![false; values.len()];
    let mut out = String::new();
    for line in conf.lines() {
        let marked = line
            .split_once(MARK)
            .filter(|_| !line.trim_start().starts_with('#'));
        let Some((directive, _)) = marked else {
            out.push_str(line);
            out.push('\n');
            continue;
        };
        let indent = &line[..line.len() - line.trim_start().len()];
        let name = directive.split_whitespace().next().unwrap_or_default();
        let at = values
            .iter()
            .position(|(n, _)| *n == name)
            .ok_or_else(|| format!("no test value for the marked line {line:?}"))?;
        used[at] = true;
        out.push_str(&format!("{indent}{name} {};\n", values[at].1));
    }
    match used.iter().position(|u| !u) {
        Some(at) => Err(format!("no line marked {MARK} for `{}`", values[at].0).into()),
        None => Ok(out),
    }
}

/// A main configuration like Debian's `/etc/nginx/nginx.conf` (modules, MIME types, the
/// site), in one process that dies with the test, writing only under `{dir}`.
const MAIN: &str = "daemon off;
master_process off;
pid {dir}/nginx.pid;
include /etc/nginx/modules-enabled/*.conf;
events { worker_connections 64; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    include {dir}/site.conf;
}
";

/// [`MAIN`] for the test directory `dir`.
pub fn main_conf(dir: &Path) -> String {
    MAIN.replace("{dir}", &dir.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONF: &str = "# lines marked `# DEPLOY:` change
server {
    listen 80;  # DEPLOY: port
    gzip_static on;
}
";

    #[test]
    fn sets_each_marked_line_and_keeps_the_rest() {
        let out = deployed(CONF, &[("listen", "127.0.0.1:9".into())]).unwrap();
        assert_eq!(out, CONF.replace("80;  # DEPLOY: port", "127.0.0.1:9;"));
    }

    #[test]
    fn a_marked_line_without_a_value_or_a_value_without_a_line_fails() {
        assert!(deployed(CONF, &[]).is_err());
        let extra = [("listen", "9".into()), ("root", "/x".into())];
        assert!(deployed(CONF, &extra).is_err());
    }
}

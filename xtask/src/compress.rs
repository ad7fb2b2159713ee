//! Pre-compressed copies of the built app (`name.gz`, `name.br` next to `name`), so a server
//! can send them as they are with `Content-Encoding`; and the sizes a first visit transfers.

use std::path::Path;

use crate::Result;

/// The file types worth compressing.
const COMPRESSIBLE: [&str; 6] = ["html", "js", "wasm", "css", "json", "txt"];

/// `bytes` as gzip, made by Zopfli: a stream any gzip reader takes, about 4 % smaller than
/// zlib's level 9 for the wasm (a first visit's largest file), for a few seconds of build.
pub fn gzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    zopfli::compress(
        zopfli::Options::default(),
        zopfli::Format::Gzip,
        bytes,
        &mut out,
    )?;
    Ok(out)
}

/// `bytes` as brotli at quality 11.
pub fn brotli(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out)
}

/// Whether `name` is a file this module compresses (not itself a compressed copy).
pub fn is_compressible(name: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(_, ext)| COMPRESSIBLE.contains(&ext))
}

/// Writes `.gz` and `.br` copies of every compressible file in `dir`.
pub fn precompress(dir: &Path) -> Result {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        if !path.is_file() || !is_compressible(&name) {
            continue;
        }
        let bytes = std::fs::read(&path)?;
        // Zopfli takes seconds on the wasm: brotli runs beside it.
        let (gz, br) = std::thread::scope(|scope| {
            let gz = scope.spawn(|| gzip(&bytes));
            let br = brotli(&bytes);
            (gz.join().expect("gzip does not panic"), br)
        });
        std::fs::write(dir.join(format!("{name}.gz")), gz?)?;
        std::fs::write(dir.join(format!("{name}.br")), br?)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_encodings_round_trip() {
        use std::io::Read;
        let text = "token admin ".repeat(500);
        let gz = gzip(text.as_bytes()).unwrap();
        let mut back = String::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_string(&mut back)
            .unwrap();
        assert_eq!(back, text);
        let br = brotli(text.as_bytes()).unwrap();
        let mut back = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut back).unwrap();
        assert_eq!(back, text.as_bytes());
        assert!(br.len() < text.len() / 10);
    }

    #[test]
    fn only_app_files_are_compressed() {
        assert!(is_compressible("token-admin-1a2b_bg.wasm"));
        assert!(is_compressible("index.html"));
        assert!(!is_compressible("index.html.gz"));
        assert!(!is_compressible("logo.png"));
    }
}

//! Reading the content to upload: one slice at a time, from any `AsyncRead`.

use crate::Error;
use bytes::{Bytes, BytesMut};
use tokio::io::{AsyncRead, AsyncReadExt};

/// Reads and drops `n` bytes.
pub(crate) async fn skip<R: AsyncRead + Unpin>(content: &mut R, n: u64) -> Result<(), Error> {
    let skipped = tokio::io::copy(&mut content.take(n), &mut tokio::io::sink())
        .await
        .map_err(Error::Io)?;
    if skipped < n {
        return Err(Error::Upload(format!(
            "the content ended {} bytes before the offset to resume from",
            n - skipped
        )));
    }
    Ok(())
}

/// Reads exactly `len` bytes (one slice).
pub(crate) async fn read_slice<R: AsyncRead + Unpin>(
    content: &mut R,
    len: u64,
    start: u64,
    size: u64,
) -> Result<Bytes, Error> {
    let len = usize::try_from(len).expect("a slice is at most MAX_SLICE_SIZE");
    let mut buf = BytesMut::with_capacity(len);
    let mut limited = content.take(len as u64);
    while buf.len() < len {
        if limited.read_buf(&mut buf).await.map_err(Error::Io)? == 0 {
            return Err(Error::Upload(format!(
                "the content ended at byte {}, before the {size} bytes announced",
                start + buf.len() as u64
            )));
        }
    }
    Ok(buf.freeze())
}

/// The content must end where announced: the last slice would finish a wrong file.
pub(crate) async fn ensure_ended<R: AsyncRead + Unpin>(
    content: &mut R,
    size: u64,
) -> Result<(), Error> {
    let mut one = [0u8; 1];
    match content.read(&mut one).await.map_err(Error::Io)? {
        0 => Ok(()),
        _ => Err(Error::Upload(format!(
            "the content is longer than the {size} bytes announced"
        ))),
    }
}

//! Broken responses, made at the socket: WireMock's `fault` values.
//!
//! `wiremock` can only answer with well-formed HTTP, so the fakes put a small front
//! in front of it (see [`crate::mock::server`]). When the answer chosen by `wiremock`
//! carries a fault, the front flags the connection and [`FaultIo`] breaks it at the
//! moment the response would be written:
//!
//! | `fault`                     | what the client sees                               |
//! |-----------------------------|----------------------------------------------------|
//! | `CONNECTION_RESET_BY_PEER`  | a TCP reset (`SO_LINGER` 0, then close)            |
//! | `EMPTY_RESPONSE`            | the connection closes without a byte               |
//! | `MALFORMED_RESPONSE_CHUNK`  | a `200 OK` chunked header, a garbage chunk, close  |
//! | `RANDOM_DATA_THEN_CLOSE`    | bytes that are not HTTP, then close                |

use std::fmt;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

/// A way to break a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fault {
    /// `CONNECTION_RESET_BY_PEER`: the connection is reset.
    ConnectionReset,
    /// `EMPTY_RESPONSE`: the connection is closed without a response.
    EmptyResponse,
    /// `MALFORMED_RESPONSE_CHUNK`: a valid status line, then a broken chunked body.
    MalformedResponse,
    /// `RANDOM_DATA_THEN_CLOSE`: garbage instead of HTTP, then close.
    RandomDataThenClose,
}

impl Fault {
    /// Every fault, with its WireMock name.
    pub const ALL: [(&'static str, Fault); 4] = [
        ("CONNECTION_RESET_BY_PEER", Fault::ConnectionReset),
        ("EMPTY_RESPONSE", Fault::EmptyResponse),
        ("MALFORMED_RESPONSE_CHUNK", Fault::MalformedResponse),
        ("RANDOM_DATA_THEN_CLOSE", Fault::RandomDataThenClose),
    ];

    /// The fault with this WireMock name.
    pub fn from_name(name: &str) -> Option<Fault> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
    }

    /// The WireMock name, e.g. `CONNECTION_RESET_BY_PEER`.
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, f)| *f == self)
            .map_or("EMPTY_RESPONSE", |(n, _)| n)
    }

    /// The bytes written before closing, if any.
    fn garbage(self) -> &'static [u8] {
        match self {
            Fault::ConnectionReset | Fault::EmptyResponse => b"",
            Fault::MalformedResponse => {
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nlorem ipsum dolor sit amet\r\n"
            }
            Fault::RandomDataThenClose => b"\x8f\x03\xfe\x11 garbage \x00\x9c\xd2\r\n\x07\x7f",
        }
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where the front tells a connection which fault to make on its next write.
pub type FaultSlot = Arc<Mutex<Option<Fault>>>;

enum State {
    Healthy,
    Writing(&'static [u8]),
    Broken,
}

/// A TCP stream that breaks on its next write once its [`FaultSlot`] is set.
pub struct FaultIo {
    stream: TcpStream,
    slot: FaultSlot,
    state: State,
}

impl FaultIo {
    /// Wraps `stream`; the returned slot arms the fault.
    pub fn new(stream: TcpStream) -> (Self, FaultSlot) {
        let slot = FaultSlot::default();
        let io = Self {
            stream,
            slot: slot.clone(),
            state: State::Healthy,
        };
        (io, slot)
    }

    fn broken() -> io::Error {
        io::Error::new(io::ErrorKind::ConnectionAborted, "fault injected")
    }

    /// Drives an armed fault; `None` while the connection is healthy.
    fn poll_fault(&mut self, cx: &mut Context<'_>) -> Option<Poll<io::Result<usize>>> {
        if let State::Healthy = self.state {
            let armed = self.slot.lock().ok().and_then(|mut s| s.take());
            let fault = armed?;
            if fault == Fault::ConnectionReset {
                // Closing with a zero linger sends RST instead of FIN.
                let _ = self.stream.set_zero_linger();
            }
            self.state = State::Writing(fault.garbage());
        }
        loop {
            match self.state {
                State::Healthy => return None,
                State::Broken => return Some(Poll::Ready(Err(Self::broken()))),
                State::Writing([]) => self.state = State::Broken,
                State::Writing(bytes) => match Pin::new(&mut self.stream).poll_write(cx, bytes) {
                    Poll::Ready(Ok(n)) if n > 0 => {
                        self.state = State::Writing(bytes.get(n..).unwrap_or_default());
                    }
                    Poll::Ready(Ok(_)) | Poll::Ready(Err(_)) => self.state = State::Broken,
                    Poll::Pending => return Some(Poll::Pending),
                },
            }
        }
    }
}

impl AsyncRead for FaultIo {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if let State::Broken = this.state {
            return Poll::Ready(Err(Self::broken()));
        }
        Pin::new(&mut this.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for FaultIo {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if let Some(poll) = this.poll_fault(cx) {
            return poll;
        }
        Pin::new(&mut this.stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if let Some(poll) = this.poll_fault(cx) {
            return poll;
        }
        Pin::new(&mut this.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        match this.state {
            State::Healthy => Pin::new(&mut this.stream).poll_flush(cx),
            _ => Poll::Ready(Err(Self::broken())),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        match this.state {
            State::Healthy => Pin::new(&mut this.stream).poll_shutdown(cx),
            // Dropping the stream closes it (with RST when armed so).
            _ => Poll::Ready(Ok(())),
        }
    }
}

//! How server functions answer: JSON, read in the browser from text. The page's serialized
//! resources are read from text too (`serde_json::from_str`), and serde_json compiles each
//! type's reader once per input kind: with server_fn's own JSON codec (`from_slice`) every type
//! a page both hydrates and fetches was in the WASM twice. One reader per type keeps the
//! bundles smaller (see the README, "A light first visit").

use leptos::server_fn::{Bytes, ContentType, Decodes, Encodes, Format, FormatType, codec::Post};
use serde::{Serialize, de::DeserializeOwned};

use crate::domain::{Problem, ProblemKind};

/// JSON as text (`application/json`, UTF-8).
pub struct JsonText;

/// A server function's answer as [`JsonText`] in the body of the POST's response:
/// `#[server(output = JsonAnswer)]`.
pub type JsonAnswer = Post<JsonText>;

impl ContentType for JsonText {
    const CONTENT_TYPE: &'static str = "application/json";
}

impl FormatType for JsonText {
    const FORMAT_TYPE: Format = Format::Text;
}

impl<T: Serialize> Encodes<T> for JsonText {
    type Error = serde_json::Error;

    fn encode(output: &T) -> Result<Bytes, Self::Error> {
        serde_json::to_vec(output).map(Bytes::from)
    }
}

impl<T: DeserializeOwned> Decodes<T> for JsonText {
    type Error = serde_json::Error;

    fn decode(bytes: Bytes) -> Result<T, Self::Error> {
        let text =
            std::str::from_utf8(&bytes).map_err(<serde_json::Error as serde::de::Error>::custom)?;
        serde_json::from_str(text)
    }
}

/// A server function's failure travels to the browser as a JSON [`Problem`]; the server reads
/// its status from it (see `server/src/http/error.rs`).
impl leptos::server_fn::error::FromServerFnError for Problem {
    // Read from text, as every answer is (`ui::codec`): one JSON reader for it in the WASM.
    type Encoder = JsonText;

    fn from_server_fn_error(error: leptos::server_fn::error::ServerFnErrorErr) -> Problem {
        use leptos::server_fn::error::ServerFnErrorErr as E;
        match error {
            // The arguments the request carried could not be read: a wrong type, a missing
            // field, malformed JSON.
            E::Args(detail) | E::MissingArg(detail) | E::Deserialization(detail) => Problem::new(
                ProblemKind::BadRequest,
                format!("Förfrågan går inte att läsa ({detail})."),
            )
            .in_english(format!("The request cannot be read ({detail}).")),
            E::Registration(_) => Problem::not_found(),
            E::Request(_) => Problem::unavailable(),
            _ => Problem::internal(),
        }
    }
}

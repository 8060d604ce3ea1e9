//! How server functions answer: JSON, read in the browser from text. The page's serialized
//! resources are read from text too (`serde_json::from_str`), and serde_json compiles each
//! type's reader once per input kind: with server_fn's own JSON codec (`from_slice`) every type
//! a page both hydrates and fetches was in the WASM twice. One reader per type keeps the
//! bundles smaller (see the README, "A light first visit").

use leptos::server_fn::{Bytes, ContentType, Decodes, Encodes, Format, FormatType, codec::Post};
use serde::{Serialize, de::DeserializeOwned};

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

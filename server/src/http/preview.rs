//! `/tomt/{id}/bild.png`: the fact sheet's preview picture for link previews (og:image), the
//! small map rasterised from SVG.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use axum::{
    extract::State,
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use markkartan_app::domain::{PREVIEW_HEIGHT_PX, PREVIEW_WIDTH_PX, Problem, SmallMap};
use resvg::{tiny_skia, usvg};
use sha2::{Digest, Sha256};

use super::{AppState, Error, extract::PathId};

/// Pictures drawn, by the tag of what they show; the oldest go first.
pub struct PreviewCache {
    pictures: Mutex<(HashMap<String, axum::body::Bytes>, VecDeque<String>)>,
    /// Drawing takes most of a second of CPU: at most this many at once, whoever asks.
    drawing: tokio::sync::Semaphore,
}

/// Enough for every plot of a municipality's register several times over (a picture is a few
/// tens of kilobytes).
const KEPT_PICTURES: usize = 256;

impl Default for PreviewCache {
    fn default() -> PreviewCache {
        PreviewCache {
            pictures: Mutex::new((HashMap::new(), VecDeque::new())),
            drawing: tokio::sync::Semaphore::new(2),
        }
    }
}

impl PreviewCache {
    fn get(&self, tag: &str) -> Option<axum::body::Bytes> {
        let pictures = self.pictures.lock().ok()?;
        pictures.0.get(tag).cloned()
    }

    fn keep(&self, tag: String, png: axum::body::Bytes) {
        let Ok(mut pictures) = self.pictures.lock() else {
            return;
        };
        let (by_tag, order) = &mut *pictures;
        if by_tag.insert(tag.clone(), png).is_none() {
            order.push_back(tag);
        }
        while order.len() > KEPT_PICTURES {
            if let Some(oldest) = order.pop_front() {
                by_tag.remove(&oldest);
            }
        }
    }
}

/// The picture of a published plot's small map. Its tag is the hash of what it shows (the
/// plot, its neighbours by status, the land): a chat service that asks again with the tag gets
/// a 304, and a picture once drawn is kept, so only a change on the map costs a drawing.
pub async fn plot_preview(
    State(state): State<AppState>,
    PathId(id): PathId,
    headers: HeaderMap,
) -> Result<Response, Error> {
    let sheet = state
        .catalog
        .fact_sheet(id)
        .await?
        .ok_or_else(Problem::not_found)?;
    let svg = sheet.outline.preview_svg();
    let tag = format!(
        "\"{}\"",
        Sha256::digest(svg.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    let cached = [
        (header::ETAG, tag.clone()),
        // Chat services fetch it once per share; an edited plot shows within the hour.
        (header::CACHE_CONTROL, "public, max-age=3600".to_string()),
    ];
    let asked = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if asked
        .split(',')
        .any(|t| t.trim().trim_start_matches("W/") == tag)
    {
        return Ok((StatusCode::NOT_MODIFIED, cached).into_response());
    }
    let png = match state.previews.get(&tag) {
        Some(png) => png,
        None => {
            let _turn = state
                .previews
                .drawing
                .acquire()
                .await
                .map_err(|error| Error::Internal(error.to_string()))?;
            // Rasterising is CPU work: keep it off the threads that serve requests.
            let outline = sheet.outline;
            let png = tokio::task::spawn_blocking(move || render_png(&outline))
                .await
                .map_err(|error| Error::Internal(error.to_string()))?
                .map_err(Error::Internal)?;
            let png = axum::body::Bytes::from(png);
            state.previews.keep(tag.clone(), png.clone());
            png
        }
    };
    let mut response = (cached, png).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("image/png"));
    Ok(response)
}

pub fn render_png(map: &SmallMap) -> Result<Vec<u8>, String> {
    let tree = usvg::Tree::from_str(&map.preview_svg(), &usvg::Options::default())
        .map_err(|error| format!("preview SVG: {error}"))?;
    let mut pixmap = tiny_skia::Pixmap::new(PREVIEW_WIDTH_PX, PREVIEW_HEIGHT_PX)
        .ok_or("preview size is zero")?;
    resvg::render(
        &tree,
        tiny_skia::Transform::identity(),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|error| format!("preview PNG: {error}"))
}

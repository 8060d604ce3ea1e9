//! `/tomt/{id}/bild.png`: the fact sheet's preview picture for link previews (og:image), the
//! small map rasterised from SVG.

use axum::{
    extract::State,
    http::header,
    response::{IntoResponse, Response},
};
use markkartan_app::domain::{PREVIEW_HEIGHT_PX, PREVIEW_WIDTH_PX, Problem, SmallMap};
use resvg::{tiny_skia, usvg};

use super::{AppState, Error, extract::PathId};
use crate::db;

pub async fn plot_preview(
    State(state): State<AppState>,
    PathId(id): PathId,
) -> Result<Response, Error> {
    let sheet = db::plots::fact_sheet(&state.pool, id)
        .await?
        .ok_or_else(Problem::not_found)?;
    // Rasterising is CPU work: keep it off the threads that serve requests.
    let png = tokio::task::spawn_blocking(move || render_png(&sheet.outline))
        .await
        .map_err(|error| Error::Internal(error.to_string()))?
        .map_err(Error::Internal)?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/png"),
            // Chat services fetch it once per share; an edited plot shows within the hour.
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        png,
    )
        .into_response())
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

//! What the pages' server functions stand on: the services the server provides as context
//! (`public::catalog::Catalog` for the public pages, `staff::service::Workspace` for the
//! workspace), and the one way any of them fails to answer.

use crate::domain::Problem;

/// A service could not answer (the database is down, say). Details are in the server log; the
/// page only learns that it failed, and answers 503.
#[derive(Debug, Clone, Copy, thiserror::Error)]
#[error("the service is unavailable")]
pub struct ServiceUnavailable;

impl From<ServiceUnavailable> for Problem {
    fn from(_: ServiceUnavailable) -> Problem {
        Problem::unavailable()
    }
}

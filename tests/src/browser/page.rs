//! A browser session on one site, with the few moves a person makes:
//! open a page, type, choose, click, read; every wait bounded by [`WAIT`].

use std::cell::RefCell;
use std::future::Future;
use std::path::Path;
use std::time::Instant;

use fantoccini::elements::Element;
use fantoccini::error::CmdError;
use fantoccini::{Client, Locator};

use super::driver::{POLL, WAIT};

/// A browser session on the site served at a base URL; paths given to
/// its methods are the site's (`/admin/`). Made by
/// [`Driver::browser`](super::Driver::browser).
pub struct Browser {
    /// The WebDriver session, for what the helpers here do not cover.
    pub client: Client,
    base: String,
}

impl Browser {
    pub(crate) fn new(client: Client, base: String) -> Browser {
        Browser { client, base }
    }

    /// Loads `path` of the site.
    pub async fn open(&self, path: &str) {
        let url = format!("{}{path}", self.base);
        self.client
            .goto(&url)
            .await
            .unwrap_or_else(|e| panic!("cannot open {url}: {e}"));
    }

    /// The path and query of the page shown.
    pub async fn path(&self) -> String {
        let url = self
            .client
            .current_url()
            .await
            .unwrap_or_else(|e| panic!("the page's address: {e}"));
        match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        }
    }

    /// Waits until the page shown is `path_and_query` of the site, loaded.
    /// A form that comes back to its own address is not told apart from
    /// the page before it: wait for what the new page shows instead.
    pub async fn wait_for_page(&self, path_and_query: &str) {
        let shown = RefCell::new(String::new());
        let shown = &shown;
        let what = format!("the page {path_and_query}");
        let found = try_until(&what, || async move {
            let url = self.client.current_url().await?;
            let here = match url.query() {
                Some(query) => format!("{}?{query}", url.path()),
                None => url.path().to_owned(),
            };
            let arrived = here == path_and_query;
            *shown.borrow_mut() = here;
            if !arrived {
                return Ok(None);
            }
            let state = self.client.execute("return document.readyState", vec![]).await?;
            Ok((state == "complete").then_some(()))
        })
        .await;
        if found.is_none() {
            panic!(
                "waited {WAIT:?} for {what} in vain: the browser shows {}",
                shown.borrow()
            );
        }
    }

    /// The first element matching `css`, once there is one.
    pub async fn find(&self, css: &str) -> Element {
        until(&format!("an element matching `{css}`"), || async {
            match self.client.find(Locator::Css(css)).await {
                Ok(element) => Ok(Some(element)),
                Err(e) if e.is_no_such_element() => Ok(None),
                Err(e) => Err(e),
            }
        })
        .await
    }

    /// The first link whose text is `text`, once there is one.
    pub async fn link(&self, text: &str) -> Element {
        until(&format!("a link {text:?}"), || async {
            match self.client.find(Locator::LinkText(text)).await {
                Ok(element) => Ok(Some(element)),
                Err(e) if e.is_no_such_element() => Ok(None),
                Err(e) => Err(e),
            }
        })
        .await
    }

    /// Clicks the link whose text is `text` and waits for the page it
    /// names, a path of the site or a query of this page; returns its
    /// `href`.
    pub async fn follow(&self, text: &str) -> String {
        let link = self.link(text).await;
        let href = link
            .attr("href")
            .await
            .unwrap_or_else(|e| panic!("the target of the link {text:?}: {e}"))
            .unwrap_or_else(|| panic!("the link {text:?} has no target"));
        let target = if href.starts_with('/') {
            href.clone()
        } else if href.starts_with('?') {
            let here = self.path().await;
            let path = here.split('?').next().unwrap_or_default();
            format!("{path}{href}")
        } else {
            panic!("the link {text:?} goes to {href:?}, not a path of the site or a query")
        };
        link.click()
            .await
            .unwrap_or_else(|e| panic!("clicking the link {text:?}: {e}"));
        self.wait_for_page(&target).await;
        href
    }

    /// The text of the first element matching `css`, once there is one.
    pub async fn text(&self, css: &str) -> String {
        let element = self.find(css).await;
        element
            .text()
            .await
            .unwrap_or_else(|e| panic!("the text of `{css}`: {e}"))
    }

    /// The texts of every element matching `css`, in page order; none is
    /// an empty list, not a wait.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let elements = self
            .client
            .find_all(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("the elements matching `{css}`: {e}"));
        let mut texts = Vec::with_capacity(elements.len());
        for element in elements {
            texts.push(
                element
                    .text()
                    .await
                    .unwrap_or_else(|e| panic!("a text of `{css}`: {e}")),
            );
        }
        texts
    }

    /// What the field matching `css` holds now (its `value` property).
    pub async fn value(&self, css: &str) -> String {
        self.find(css)
            .await
            .prop("value")
            .await
            .unwrap_or_else(|e| panic!("the value of `{css}`: {e}"))
            .unwrap_or_default()
    }

    /// Types `value` into the field matching `css`, replacing its text.
    pub async fn fill(&self, css: &str, value: &str) {
        let field = self.find(css).await;
        field
            .clear()
            .await
            .unwrap_or_else(|e| panic!("clearing `{css}`: {e}"));
        field
            .send_keys(value)
            .await
            .unwrap_or_else(|e| panic!("typing into `{css}`: {e}"));
    }

    /// Chooses the option labelled `label` of the select matching `css`.
    pub async fn choose(&self, css: &str, label: &str) {
        self.find(css)
            .await
            .select_by_label(label)
            .await
            .unwrap_or_else(|e| panic!("choosing {label:?} in `{css}`: {e}"));
    }

    /// Clicks the element matching `css`.
    pub async fn click(&self, css: &str) {
        let element = self.find(css).await;
        element
            .click()
            .await
            .unwrap_or_else(|e| panic!("clicking `{css}`: {e}"));
    }

    /// Saves what the window shows as a PNG file at `path`.
    pub async fn screenshot(&self, path: &Path) {
        let png = self
            .client
            .screenshot()
            .await
            .expect("a screenshot of the window");
        std::fs::write(path, png).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    }

    /// Ends the session, closing Chromium.
    pub async fn close(self) {
        match tokio::time::timeout(WAIT, self.client.close()).await {
            Ok(closed) => closed.expect("the session ends"),
            Err(_) => panic!("the session did not end within {WAIT:?}"),
        }
    }
}

/// Runs `probe` until it answers `Some`, for at most [`WAIT`]; panics
/// naming `what` when it never does.
async fn until<T, F, Fut>(what: &str, probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Option<T>, CmdError>>,
{
    try_until(what, probe)
        .await
        .unwrap_or_else(|| panic!("waited {WAIT:?} for {what} in vain"))
}

/// Runs `probe` until it answers `Some`, for at most [`WAIT`]; `None`
/// when it never does. An element replaced by a navigation meanwhile
/// counts as "not yet"; another error of the browser panics.
async fn try_until<T, F, Fut>(what: &str, mut probe: F) -> Option<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Option<T>, CmdError>>,
{
    let deadline = Instant::now() + WAIT;
    loop {
        match probe().await {
            Ok(Some(found)) => return Some(found),
            Ok(None) => {}
            Err(e) if e.is_stale_element_reference() => {}
            Err(e) => panic!("while waiting for {what}: {e}"),
        }
        if Instant::now() >= deadline {
            return None;
        }
        tokio::time::sleep(POLL).await;
    }
}

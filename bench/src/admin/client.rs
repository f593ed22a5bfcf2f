//! A plain HTTP/1.1 client on hyper: one connection, reused while the
//! server keeps it open, opened again when the server closes it (as
//! gunicorn's sync workers do after every response). The load generator
//! and the logins both use it.

use std::collections::BTreeMap;
use std::net::SocketAddr;

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::client::conn::http1::SendRequest;
use hyper::header::{CONNECTION, CONTENT_TYPE, COOKIE, HOST, SET_COOKIE};
use hyper::{Method, Request, StatusCode};
use hyper_util::rt::TokioIo;

use crate::Result;

/// A response, read to its end.
pub struct Reply {
    pub status: StatusCode,
    pub cookies: Vec<(String, String)>,
    pub body: Bytes,
}

/// One client connection to `address`.
pub struct Client {
    address: SocketAddr,
    host: String,
    sender: Option<SendRequest<Full<Bytes>>>,
}

impl Client {
    pub fn new(address: SocketAddr) -> Client {
        Client {
            address,
            host: address.to_string(),
            sender: None,
        }
    }

    async fn connect(&mut self) -> Result<&mut SendRequest<Full<Bytes>>> {
        if self.sender.as_ref().is_none_or(SendRequest::is_closed) {
            let stream = tokio::net::TcpStream::connect(self.address).await?;
            stream.set_nodelay(true)?;
            let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
            // The connection's I/O runs beside the requests; it ends when
            // either side closes.
            tokio::spawn(async move {
                let _ = connection.await;
            });
            self.sender = Some(sender);
        }
        let sender = self.sender.as_mut().ok_or("no connection")?;
        sender.ready().await?;
        Ok(sender)
    }

    /// Sends a request with `cookie` (a `Cookie:` header's value) and, for a
    /// POST, a form body; reads the whole response.
    pub async fn send(
        &mut self,
        method: Method,
        path: &str,
        cookie: &str,
        form: Option<String>,
    ) -> Result<Reply> {
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .header(HOST, &self.host);
        if !cookie.is_empty() {
            request = request.header(COOKIE, cookie);
        }
        if form.is_some() {
            request = request.header(CONTENT_TYPE, "application/x-www-form-urlencoded");
        }
        let request = request.body(Full::new(Bytes::from(form.unwrap_or_default())))?;
        let sender = self.connect().await?;
        let response = match sender.send_request(request).await {
            Ok(response) => response,
            Err(error) => {
                self.sender = None;
                return Err(error.into());
            }
        };
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.into_body().collect().await?.to_bytes();
        let closes = headers
            .get_all(CONNECTION)
            .iter()
            .any(|v| v.to_str().is_ok_and(|v| v.eq_ignore_ascii_case("close")));
        if closes {
            self.sender = None;
        }
        let cookies = headers
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| {
                let pair = v.split(';').next()?;
                let (name, value) = pair.split_once('=')?;
                Some((name.trim().to_owned(), value.trim().to_owned()))
            })
            .collect();
        Ok(Reply {
            status,
            cookies,
            body,
        })
    }
}

/// Logs in through `/admin/login/` as a browser does: the form's page (its
/// cookies and its `csrfmiddlewaretoken`), then the POST. Returns the
/// `Cookie:` header every later request sends.
pub async fn login(address: SocketAddr, username: &str, password: &str) -> Result<String> {
    let mut client = Client::new(address);
    let mut jar = BTreeMap::new();
    let form = client.send(Method::GET, "/admin/login/", "", None).await?;
    if form.status != StatusCode::OK {
        return Err(format!("GET /admin/login/ on {address}: {}", form.status).into());
    }
    jar.extend(form.cookies);
    let page = String::from_utf8_lossy(&form.body);
    let token =
        form_token(&page).ok_or_else(|| format!("no csrfmiddlewaretoken in {address}'s login form"))?;
    let body = format!(
        "csrfmiddlewaretoken={}&username={}&password={}&next=%2Fadmin%2F",
        encode(&token),
        encode(username),
        encode(password)
    );
    let cookie = header(&jar);
    let done = client
        .send(Method::POST, "/admin/login/", &cookie, Some(body))
        .await?;
    if done.status != StatusCode::FOUND {
        return Err(format!(
            "the login on {address} answered {} (expected a redirect): {}",
            done.status,
            String::from_utf8_lossy(&done.body)
                .chars()
                .take(400)
                .collect::<String>()
        )
        .into());
    }
    jar.extend(done.cookies);
    if !jar.contains_key("sessionid") {
        return Err(format!("the login on {address} set no sessionid cookie").into());
    }
    Ok(header(&jar))
}

fn header(jar: &BTreeMap<String, String>) -> String {
    jar.iter()
        .map(|(name, value)| format!("{name}={value}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The value of the form's hidden `csrfmiddlewaretoken` input.
fn form_token(page: &str) -> Option<String> {
    let input = page.find("name=\"csrfmiddlewaretoken\"")?;
    let tag_start = page[..input].rfind('<')?;
    let tag_end = input + page[input..].find('>')?;
    let tag = &page[tag_start..tag_end];
    let value = tag.find("value=\"")? + "value=\"".len();
    let len = tag[value..].find('"')?;
    Some(tag[value..value + len].to_owned())
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_is_read_from_either_login_form() {
        let django = r#"<form><input type="hidden" name="csrfmiddlewaretoken" value="abc123"></form>"#;
        let ours = r#"<input type="hidden" value="x-y_z" name="csrfmiddlewaretoken">"#;
        assert_eq!(form_token(django).as_deref(), Some("abc123"));
        assert_eq!(form_token(ours).as_deref(), Some("x-y_z"));
        assert_eq!(form_token("<form></form>"), None);
    }

    #[test]
    fn form_values_are_percent_encoded() {
        assert_eq!(encode("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
    }
}

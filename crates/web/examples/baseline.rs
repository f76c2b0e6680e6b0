//! The benchmark's baseline (see bench/README.md): the least an axum handler
//! over Consulta's SQLite database can do, to read the real endpoints against.
//!
//! One route with the slots endpoint's shape,
//! GET /api/doctors/{id}/slots?from=YYYY-MM-DD&to=YYYY-MM-DD, that does one
//! indexed read (the first appointment of that doctor from `from` on, through
//! `appointments_by_doctor`) on a blocking thread, from a pool of four
//! connections like Consulta's read pool, and answers a few bytes of JSON.
//! No sessions, no CSRF, no templates, no middleware.
//!
//!   baseline --db PATH --bind 127.0.0.1:PORT

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Json, Response};
use axum::routing::get;
use axum::Router;
use diesel::connection::SimpleConnection;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool};
use diesel::sql_types::BigInt;
use diesel::{QueryableByName, RunQueryDsl, SqliteConnection};
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;

type DbPool = Pool<ConnectionManager<SqliteConnection>>;

#[derive(Debug)]
struct ReadOnly;

impl CustomizeConnection<SqliteConnection, diesel::r2d2::Error> for ReadOnly {
    fn on_acquire(&self, conn: &mut SqliteConnection) -> Result<(), diesel::r2d2::Error> {
        conn.batch_execute("PRAGMA busy_timeout = 5000; PRAGMA query_only = ON;")
            .map_err(diesel::r2d2::Error::QueryError)
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Range {
    from: String,
    to: String,
}

#[derive(QueryableByName)]
struct Row {
    #[diesel(sql_type = BigInt)]
    starts_at: i64,
    #[diesel(sql_type = BigInt)]
    ends_at: i64,
}

#[derive(Serialize)]
struct Answer {
    doctor_id: i64,
    next: Option<(i64, i64)>,
}

async fn first_appointment(
    State(pool): State<DbPool>,
    Path(id): Path<i64>,
    Query(range): Query<Range>,
) -> Response {
    let Ok(from) = range.from.parse::<jiff::civil::Date>() else {
        return (StatusCode::BAD_REQUEST, "bad `from`").into_response();
    };
    if range.to.parse::<jiff::civil::Date>().is_err() {
        return (StatusCode::BAD_REQUEST, "bad `to`").into_response();
    }
    let from = match from.to_zoned(jiff::tz::TimeZone::UTC) {
        Ok(zoned) => zoned.timestamp().as_second(),
        Err(_) => return (StatusCode::BAD_REQUEST, "bad `from`").into_response(),
    };
    let read = tokio::task::spawn_blocking(move || -> Result<Option<Row>, String> {
        let mut conn = pool.get().map_err(|e| e.to_string())?;
        let rows: Vec<Row> = diesel::sql_query(
            "SELECT starts_at, ends_at FROM appointments \
             WHERE doctor_id = ? AND starts_at >= ? ORDER BY starts_at LIMIT 1",
        )
        .bind::<BigInt, _>(id)
        .bind::<BigInt, _>(from)
        .load(&mut conn)
        .map_err(|e| e.to_string())?;
        Ok(rows.into_iter().next())
    })
    .await;
    match read {
        Ok(Ok(row)) => Json(Answer {
            doctor_id: id,
            next: row.map(|r| (r.starts_at, r.ends_at)),
        })
        .into_response(),
        Ok(Err(error)) => (StatusCode::INTERNAL_SERVER_ERROR, error).into_response(),
        Err(error) => (StatusCode::INTERNAL_SERVER_ERROR, error.to_string()).into_response(),
    }
}

fn argument(name: &str) -> Option<String> {
    let mut args = std::env::args().skip_while(|a| a != name);
    args.next();
    args.next()
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let db = argument("--db").ok_or("usage: baseline --db PATH --bind ADDR")?;
    let bind: SocketAddr = argument("--bind")
        .unwrap_or_else(|| "127.0.0.1:18481".into())
        .parse()?;
    let pool = Pool::builder()
        .max_size(4)
        .connection_customizer(Box::new(ReadOnly))
        .build(ConnectionManager::<SqliteConnection>::new(db))?;
    let app = Router::new()
        .route("/api/doctors/{id}/slots", get(first_appointment))
        .with_state(pool);
    let listener = tokio::net::TcpListener::bind(bind).await?;
    eprintln!("baseline listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app).await?;
    Ok(())
}

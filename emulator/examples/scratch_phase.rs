use emulator::{db, filter, listing::Page, seed, text_index, token_store};
use std::time::Instant;

fn best<F: FnMut()>(label: &str, mut f: F) {
    let mut b = f64::MAX;
    for _ in 0..50 {
        let t = Instant::now();
        f();
        b = b.min(t.elapsed().as_secs_f64() * 1000.0);
    }
    let mut v = Vec::new();
    for _ in 0..50 {
        let t = Instant::now();
        f();
        v.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!("{label:<40} best {b:.2} p50 {:.2} p95 {:.2}", v[25], v[47]);
}

fn main() {
    let mut conn = db::open(None).unwrap();
    seed::demo(&mut conn).unwrap();
    seed::bulk_tokens(&mut conn, 100_000).unwrap();
    {
        let f = filter::compile_query(&qlang::parse_query("name:~(openai prod)").unwrap()).unwrap();
        let c = text_index::candidates(&conn, f.text_query.as_ref().unwrap(), 10_004)
            .unwrap()
            .unwrap();
        for sql in ["SELECT id, name, version, created_at, modified_at FROM rarray(?1) AS candidates CROSS JOIN tokens ON tokens.rowid = candidates.value WHERE tenant = ?2 AND (instr(name_fold, ?3) > 0) ORDER BY id ASC LIMIT 50 OFFSET 0",
                    "SELECT count(*) FROM rarray(?1) AS candidates CROSS JOIN tokens ON tokens.rowid = candidates.value WHERE tenant = ?2 AND (instr(name_fold, ?3) > 0)"] {
            let mut st = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
            let rows: Vec<String> = st.query_map(rusqlite::params![c.clone(), "demo", "openai prod"], |r| r.get(3)).unwrap().map(|r| r.unwrap()).collect();
            println!("{rows:?}");
            let mut st = conn.prepare(sql).unwrap();
            best(sql, || { let mut r = st.query(rusqlite::params![c.clone(), "demo", "openai prod"]).unwrap(); while r.next().unwrap().is_some() {} });
        }
    }
    for q in ["name:~(openai prod)", "id:~0999", "name:~openai"] {
        let f = filter::compile_query(&qlang::parse_query(q).unwrap()).unwrap();
        let tq = f.text_query.clone().unwrap();
        best(&format!("{q} candidates"), || {
            text_index::candidates(&conn, &tq, 10_004).unwrap();
        });
        let order = filter::compile_sort(&[]).unwrap();
        let page = Page {
            size: 50,
            number: 1,
        };
        best(&format!("{q} list+total"), || {
            token_store::list(&conn, "demo", &f, &order, page, true).unwrap();
        });
        best(&format!("{q} list"), || {
            token_store::list(&conn, "demo", &f, &order, page, false).unwrap();
        });
    }
}
#[allow(dead_code)]
fn plan(conn: &rusqlite::Connection, sql: &str) {
    let mut st = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
    let n = st.parameter_count();
    let _ = n;
}

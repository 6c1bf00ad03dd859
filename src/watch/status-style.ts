/**
 * The page's only style: system fonts, light and dark from the operator's setting, and colours
 * chosen for at least 4.5:1 contrast on their background in both.
 */
export const statusStyle = `:root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--card:#f6f8fa;--ok:#116329;--warn:#7d4e00;--bad:#b3261e;--info:#0550ae}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;--card:#151b23;--ok:#3fb950;--warn:#d29922;--bad:#ff7b72;--info:#58a6ff}}
*{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;background:var(--bg);color:var(--fg)}
header{padding:1em 1.5em;border-bottom:1px solid var(--line);display:flex;flex-wrap:wrap;gap:.3em 1em;align-items:baseline}
header h1{font-size:1.25em;margin:0}main{padding:0 1.5em 2em}a{color:var(--info)}
h2{font-size:1.15em;margin:1.8em 0 .4em;padding-bottom:.2em;border-bottom:1px solid var(--line)}h3{font-size:1em;margin:1.2em 0 .3em}
table{border-collapse:collapse;margin:.3em 0 .6em;font-variant-numeric:tabular-nums}caption{text-align:left;color:var(--muted);font-size:.9em;padding:.1em 0}
th,td{text-align:left;padding:.2em .9em .2em 0;vertical-align:top;border-bottom:1px solid var(--line)}th{font-weight:600}
code,pre{font:12.5px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}pre{background:var(--card);border:1px solid var(--line);padding:.6em .8em;overflow:auto;white-space:pre-wrap;margin:.3em 0}
.muted{color:var(--muted)}.badge{display:inline-block;border:1px solid currentColor;border-radius:1em;padding:0 .6em;font-size:.85em;font-weight:600}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(15em,1fr));gap:.8em;list-style:none;padding:0;margin:1em 0}
.card{background:var(--card);border:1px solid var(--line);border-left:.35em solid var(--muted);border-radius:6px;padding:.6em .8em}
.card h3{margin:0 0 .3em;font-size:1.05em}.card p{margin:.15em 0}.card dl{margin:.3em 0 0;display:grid;grid-template-columns:auto 1fr;gap:0 .8em}.card dt{color:var(--muted)}.card dd{margin:0}.card time{white-space:nowrap}
.sync-in-sync{border-left-color:var(--ok)}.sync-out-of-sync,.sync-waiting-for-promotion{border-left-color:var(--warn)}.sync-progressing{border-left-color:var(--info)}.sync-failed{border-left-color:var(--bad)}
.s-active,.s-done,.s-idle,.s-unchanged,.s-joined,.s-in-sync,.s-passed,.s-in-place{color:var(--ok)}
.s-error,.s-failed,.s-blocked,.s-aborted,.s-destructive,.s-old{color:var(--bad);font-weight:600}
.s-maintenance,.s-waiting,.s-executing,.s-canary,.s-out-of-sync,.s-waiting-for-promotion,.s-restart,.s-rolling-back{color:var(--warn)}
.s-running,.s-progressing,.s-draining,.s-applying,.s-settling,.s-checking,.s-undraining{color:var(--info);font-weight:600}
.change{margin:.4em 0}.change progress{width:14em;height:.9em;vertical-align:middle;accent-color:var(--info)}
.failure{border:1px solid var(--bad);border-left:.35em solid var(--bad);border-radius:6px;padding:.4em .8em;margin:.5em 0}
.failure h4{margin:.2em 0;color:var(--bad)}details summary{cursor:pointer;color:var(--info)}details ol{margin:.3em 0;padding-left:1.5em}
.live{color:var(--ok)}.stale{color:var(--warn)}`;

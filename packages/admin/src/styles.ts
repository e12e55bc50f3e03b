/** The console's only stylesheet, served from /assets/admin.css so that the CSP needs no inline style. */
export const stylesheet = `
:root { color-scheme: light; font-family: system-ui, sans-serif; font-size: 15px; }
body { margin: 0; background: #f5f5f4; color: #1c1917; }
header { display: flex; gap: 1rem; align-items: center; padding: .6rem 1.2rem; background: #1c1917; color: #fafaf9; }
header a { color: #fafaf9; text-decoration: none; }
header nav { display: flex; gap: .9rem; flex: 1; }
header form { margin: 0; }
main { max-width: 1100px; margin: 1.2rem auto; padding: 0 1.2rem; }
h1 { font-size: 1.4rem; }
h2 { font-size: 1.1rem; margin-top: 1.6rem; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #e7e5e4; vertical-align: top; }
pre { margin: 0; white-space: pre-wrap; word-break: break-all; font-size: .8rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: .8rem; }
.card { background: #fff; padding: .8rem 1rem; border-radius: 6px; border: 1px solid #e7e5e4; }
.card strong { display: block; font-size: 1.6rem; }
form.inline { display: inline; }
form.stack { display: grid; gap: .5rem; max-width: 420px; background: #fff; padding: 1rem; border: 1px solid #e7e5e4; border-radius: 6px; }
label { display: grid; gap: .2rem; font-size: .9rem; }
input, select, textarea, button { font: inherit; padding: .3rem .45rem; }
button { cursor: pointer; border: 1px solid #a8a29e; background: #fafaf9; border-radius: 4px; }
button.danger { border-color: #b91c1c; color: #b91c1c; }
.notice { background: #ecfccb; border: 1px solid #84cc16; padding: .5rem .8rem; border-radius: 4px; }
.error { background: #fee2e2; border: 1px solid #ef4444; padding: .5rem .8rem; border-radius: 4px; }
.muted { color: #78716c; font-size: .9rem; }
.banned { color: #b91c1c; font-weight: 600; }
`;

import { accessTokenSeconds } from "@gogh/core/auth";
import { route } from "./route";

const minutes = accessTokenSeconds / 60;

/**
 * What Google Play asks of an app that makes accounts: a page, reachable without the app, that
 * says how to delete an account and what happens to the data. Plain HTML: no script, nothing loaded.
 */
const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Delete your Gogh account · Goghのアカウント削除</title>
<style>
body { font: 16px/1.6 system-ui, sans-serif; max-width: 42rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
section + section { border-top: 1px solid #ddd; margin-top: 2.5rem; }
</style>
</head>
<body>
<section lang="en">
<h1>Delete your Gogh account</h1>
<h2>In the app (immediate)</h2>
<p>Open <b>Settings → Account → Delete account</b> and confirm. Your account is deleted at once.</p>
<h2>Without the app</h2>
<p>Write to the developer contact address shown on Gogh's page in Google Play or the App Store, with the subject
"Delete my account" and your <b>Friend ID</b> (8 letters and digits, on your profile; a friend can read it off
your card). If your account is linked to Sign in with Apple or Google, write from that address, or say which it is,
so that we can confirm the account is yours. We delete it within 30 days (usually within a few working days) and
reply when it is done.</p>
<h2>What is deleted</h2>
<p>Everything that is about you: your profile (name, bio, Friend ID), friends and friend requests, blocks, your
place in Focus Together spaces, your focus history and streaks, your items, your avatar, your rooms, your
stickers and posters (their images leave our storage at once and our CDN within 5 minutes), the Apple and Google
identities linked to the account, and any transfer code. Every device is signed out; an app that was signed in
may keep working for at most ${minutes} minutes, and anything it saves in that time is deleted too. Signing in again
with Apple or Google afterwards makes a new, empty account.</p>
<h2>What is kept, and why</h2>
<p>The record of coins earned and spent, and of items bought (amounts and dates), stays with the account's id
only, so that the in-app economy can be accounted for; nothing in it says who you were. Our operators' log of
moderation actions keeps which account id was acted on and when, and nothing else about you. The account's id,
its sign-up and deletion times are kept with them. Nothing else is kept.</p>
</section>
<section lang="ja">
<h1>Goghのアカウントを削除する</h1>
<h2>アプリから(すぐに削除されます)</h2>
<p><b>設定 → アカウント → アカウントを削除</b> を開いて確認してください。アカウントはその場で削除されます。</p>
<h2>アプリを使わずに</h2>
<p>Google Play または App Store の Gogh のページに記載の開発者連絡先に、件名「アカウント削除」とあなたの
<b>フレンドID</b>(英数字8文字。プロフィールに表示され、フレンドはあなたのカードで確認できます)を送ってください。
Apple または Google でのサインインを連携している場合は、そのアドレスから送るか、どちらかをお知らせください。
ご本人の確認後、30日以内(通常は数営業日以内)に削除し、完了をお知らせします。</p>
<h2>削除されるもの</h2>
<p>あなたに関するすべて:プロフィール(名前、自己紹介、フレンドID)、フレンドとフレンド申請、ブロック、
Focus Together のスペースでの在席、集中の記録と連続日数、アイテム、アバター、ルーム、ステッカーとポスター
(画像はすぐにストレージから、5分以内にCDNから消えます)、連携した Apple と Google のID、引き継ぎコード。
すべての端末でサインアウトされます。サインイン中だったアプリは最長${minutes}分動き続けることがありますが、
その間に保存されたものも削除されます。削除後に Apple や Google で再びサインインすると、新しい空のアカウントになります。</p>
<h2>残るもの、その理由</h2>
<p>コインの獲得と使用、アイテムの購入の記録(数量と日時)は、アプリ内経済の会計のため、アカウントのIDだけと共に残ります。
あなたが誰だったかを示すものは含まれません。運営者の対応記録には、対象のアカウントIDと日時だけが残ります。
アカウントのIDと登録・削除の日時はこれらと共に残ります。それ以外は何も残りません。</p>
</section>
</body>
</html>
`;

export const handler = route("GET /account-deletion", async () => ({ body: page }));

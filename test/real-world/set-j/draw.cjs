function rng(seed){let a=seed>>>0;return()=>{a=(a+0x6d2b79f5)>>>0;let t=a;t=Math.imul(t^(t>>>15),t|1);t^=t+Math.imul(t^(t>>>7),t|61);return((t^(t>>>14))>>>0)/4294967296;};}
const fs=require('fs');const pool=fs.readFileSync(require('path').join(__dirname,'pool.txt'),'utf8').trim().split('\n');const r=rng(Number(process.argv[2]));
const p=[...pool];const out=[];while(p.length)out.push(p.splice(Math.floor(r()*p.length),1)[0]);console.log(out.map((x,i)=>`${i+1} ${x}`).join('\n'));

/* Material for MkDocs' first script (partials/javascripts/base.html of 9.8), moved out of the page so the
 * site's Content-Security-Policy allows no inline script. The scope comes from the tag's data-scope. */
__md_scope=new URL(document.currentScript.dataset.scope,location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}
/* The portal's: before the first paint, whether the address has a query. A page whose first view depends on
 * it (the explorer's rows, drawn for no filter) keeps that view hidden until its script has read the query. */
document.documentElement.toggleAttribute("data-consulta",Boolean(location.search));
/* …and that scripts run: «Mis metas» keeps the room of the form its script shows (lectura.css). */
document.documentElement.toggleAttribute("data-js",true);

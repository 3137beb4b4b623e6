package org.hallqms.http;

import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.hallqms.PersonalId;
import org.hallqms.catalog.Catalog;
import org.hallqms.ticket.Ticket;
import org.hallqms.ticket.TicketEngine;

/**
 * {@code /t/{id}}: the page the ticket's QR code opens on a phone. Number, state, people ahead, expected
 * wait and the materials to bring; nothing about the person. Plain HTML that refreshes itself.
 */
final class TicketPage {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9]{1,32}");

    private TicketPage() {
    }

    /** @param replies the answers of the ticket's resolved cases (件件有回音), oldest first */
    static void render(Context ctx, TicketEngine engine, Catalog cat, Function<String, List<String>> replies) {
        String id = ctx.pathParam("id");
        Optional<TicketEngine.Status> s = ID.matcher(id).matches() && !PersonalId.in(id) ? engine.status(id)
                : Optional.empty();
        ctx.contentType("text/html; charset=utf-8").header("Cache-Control", "no-store");
        if (s.isEmpty()) {
            ctx.status(404).result(page(cat.hall().name(), "<p class=big>查无此号</p><p>号票只在当天有效。请重新取号或咨询工作人员。</p>", false));
            return;
        }
        Ticket t = s.get().ticket();
        String service = cat.service(t.service()).map(x -> x.name().zh()).orElse(t.service());
        String counter = t.counter() == null ? "" : cat.counter(t.counter()).map(Catalog.CounterDef::name).orElse(t.counter());
        StringBuilder b = new StringBuilder();
        b.append("<p class=number>").append(esc(t.number())).append("</p>");
        b.append("<p class=service>").append(esc(service)).append("</p>");
        boolean live = false;
        switch (t.state()) {
            case "waiting" -> {
                live = true;
                b.append("<p class=state>等候中</p><p class=big>前面还有 <b>").append(s.get().ahead())
                        .append("</b> 人</p><p>预计等候约 ").append(s.get().estimatedWaitMinutes()).append(" 分钟</p>");
            }
            case "called" -> {
                live = true;
                b.append("<p class='state now'>请到 <b>").append(esc(counter)).append("</b> 办理</p>");
            }
            case "serving" -> b.append("<p class=state>正在 ").append(esc(counter)).append(" 办理</p>");
            case "done" -> b.append("<p class=state>已办结，感谢您的耐心等候</p>");
            case "incomplete" -> b.append("<p class=state>材料不齐，请按告知单补齐后再来</p>");
            case "no_show" -> b.append("<p class=state>已过号，请重新取号</p>");
            case "expired" -> b.append("<p class=state>号票已过期</p>");
            default -> b.append("<p class=state>").append(esc(t.state())).append("</p>");
        }
        for (String reply : replies.apply(t.id())) {
            b.append("<section class=reply><h2>答复 Reply</h2><p>").append(esc(reply)).append("</p></section>");
        }
        List<String> materials = cat.service(t.service()).map(Catalog.ServiceType::materials).orElse(List.of());
        if (!materials.isEmpty()) {
            b.append("<h2>请备齐以下材料</h2><ul>");
            materials.forEach(m -> b.append("<li>").append(esc(m)).append("</li>"));
            b.append("</ul>");
        }
        if (cat.hall().notice() != null) {
            b.append("<p class=notice>").append(esc(cat.hall().notice())).append("</p>");
        }
        ctx.status(200).result(page(cat.hall().name(), b.toString(), live));
    }

    private static String page(String hall, String body, boolean refresh) {
        return "<!doctype html><html lang=zh-CN><head><meta charset=utf-8>"
                + "<meta name=viewport content='width=device-width,initial-scale=1'>"
                + (refresh ? "<meta http-equiv=refresh content=15>" : "")
                + "<title>" + esc(hall) + " 排队进度</title><style>"
                + "body{font-family:sans-serif;margin:1.2em;font-size:20px;color:#111;background:#fff}"
                + "h1{font-size:1.1em}.number{font-size:4em;font-weight:bold;margin:.2em 0}"
                + ".service{font-size:1.4em}.state{font-size:1.5em}.now{color:#b00000}.big{font-size:1.3em}"
                + "li{margin:.3em 0}.notice{color:#444}.reply{border-left:4px solid #1a5fb4;padding-left:.6em}"
                + "</style></head><body><h1>" + esc(hall) + "</h1>" + body
                + "</body></html>";
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}

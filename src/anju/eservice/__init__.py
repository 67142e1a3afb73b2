"""Digital services (issue 25): verifiable electronic certificates (亮码可办), notifications to members, service
evaluation (好差评), the channel of each business (离柜率 by business kind) and the member's loan online.

Above the business areas: it reads them through their ``queries`` and ``service``; they never import it (a
certificate printed by a business area gets its code through the port ``anju.core.certify``, connected in
``anju.compose``)."""

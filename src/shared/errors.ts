import type { Language } from './languages';
/**
 * Every error code Linli answers with, declared once with its status and its message in each language.
 * The server throws `AppError(code)`; the web shows `message` as it arrives.
 */
export const ERRORS = {
  'request.invalid': {
    status: 400,
    zh: '提交的内容有误：{detail}',
    en: 'The request is not valid: {detail}',
  },
  'request.malformed_json': {
    status: 400,
    zh: '提交的内容不是有效的 JSON。',
    en: 'The request body is not valid JSON.',
  },
  'request.too_large': { status: 413, zh: '提交的内容太大。', en: 'The request body is too large.' },
  'request.unsupported_media_type': {
    status: 415,
    zh: '不支持这种内容类型。',
    en: 'This content type is not supported.',
  },
  'request.uri_too_long': {
    status: 414,
    zh: '地址太长了。',
    en: 'The address is too long.',
  },
  'request.idempotency_mismatch': {
    status: 422,
    zh: '这个 Idempotency-Key 已经用于另一份不同的内容。',
    en: 'This Idempotency-Key was already used with a different request body.',
  },
  'route.not_found': { status: 404, zh: '没有这个地址。', en: 'There is no such address.' },
  'route.method_not_allowed': {
    status: 405,
    zh: '不支持这种请求方式。',
    en: 'This method is not allowed here.',
  },
  'auth.invalid_credentials': {
    status: 401,
    zh: '用户名或密码不对，请再试一次。',
    en: 'The username or password is wrong. Please try again.',
  },
  'auth.too_many_attempts': {
    status: 429,
    zh: '登录尝试太多，请等 {seconds} 秒再试。',
    en: 'Too many sign-in attempts. Please wait {seconds} seconds and try again.',
  },
  'auth.not_signed_in': { status: 401, zh: '请先登录。', en: 'Please sign in first.' },
  'auth.csrf_invalid': {
    status: 403,
    zh: '页面已过期，请刷新后再试。',
    en: 'This page has expired. Please reload it and try again.',
  },
  'auth.forbidden': { status: 403, zh: '您的岗位不能做这件事。', en: 'Your role cannot do this.' },
  'registry.household_not_found': { status: 404, zh: '找不到这户。', en: 'Household not found.' },
  'registry.export_too_large': {
    status: 422,
    zh: '要导出的记录超过 5 万条。请先加筛选条件（比如选一栋楼），或用“导出台账”导出整个台账。',
    en: 'More than 50,000 records to export. Narrow the filters first (e.g. one building), or export the whole register.',
  },
  'registry.resident_not_found': { status: 404, zh: '找不到这位居民。', en: 'Resident not found.' },
  'register.building_not_found': { status: 404, zh: '找不到这栋楼。', en: 'Building not found.' },
  'register.entrance_not_found': { status: 404, zh: '找不到这个单元。', en: 'Entrance not found.' },
  'register.household_exists': {
    status: 409,
    zh: '这个门牌已经登记了一户。',
    en: 'A household is already registered at this address.',
  },
  'register.id_number_taken': {
    status: 409,
    zh: '这个身份证号已经登记在另一位居民名下。',
    en: 'This ID number is already registered to another resident.',
  },
  'register.household_moved_out': {
    status: 409,
    zh: '这户已经搬走了，不用再贴通知。',
    en: 'This household has moved out; no notice is needed.',
  },
  'register.door_notice_not_found': { status: 404, zh: '找不到这份通知。', en: 'Notice not found.' },
  'register.birth_mismatch': {
    status: 400,
    zh: '出生日期和身份证号里的不一致。',
    en: 'The birth date does not match the ID number.',
  },
  'liaison.user_not_found': { status: 404, zh: '找不到这个账号。', en: 'Account not found.' },
  'liaison.position_not_found': { status: 404, zh: '找不到这个岗位。', en: 'Position not found.' },
  'liaison.wrong_tier': {
    status: 400,
    zh: '上级岗位必须正好高一级（党委→支部→党小组→党员→楼门长）。',
    en: 'The upper position must be exactly one tier up (committee → branch → group → party member → building leader).',
  },
  'liaison.not_building_leader': {
    status: 400,
    zh: '住户只能分给在岗的楼门长。',
    en: 'Households can only be assigned to a serving building leader.',
  },
  'care.community_not_found': { status: 404, zh: '找不到这个社区。', en: 'Community not found.' },
  'care.plan_not_found': { status: 404, zh: '找不到这份关爱计划。', en: 'Care plan not found.' },
  'care.plan_exists': {
    status: 409,
    zh: '这位居民已经有一份在用的关爱计划。',
    en: 'This resident already has a care plan in force.',
  },
  'care.plan_ended': { status: 409, zh: '这份关爱计划已经结束。', en: 'This care plan has ended.' },
  'care.position_not_found': {
    status: 404,
    zh: '找不到这个在岗的联系人岗位。',
    en: 'There is no such serving position in this community.',
  },
  'care.no_checkin': {
    status: 409,
    zh: '这位居民没有约定每日报平安。',
    en: 'This resident has no daily check-in.',
  },
  'care.checkin_too_old': {
    status: 400,
    zh: '这次报平安是一周多以前记下的，不再计入；请直接记录结果或联系社区。',
    en: 'This check-in was noted more than a week ago and no longer counts; record the outcome instead.',
  },
  'care.way_not_allowed': {
    status: 400,
    zh: '计划里没有约定这种报平安方式。',
    en: 'This way of checking in is not agreed in the plan.',
  },
  'care.checkin_not_found': { status: 404, zh: '找不到这次报平安。', en: 'Check-in not found.' },
  'care.visit_in_future': {
    status: 400,
    zh: '探访时间不能晚于现在。',
    en: 'A visit cannot be in the future.',
  },
  'care.followup_not_found': { status: 404, zh: '找不到这条后续事项。', en: 'Follow-up not found.' },
  'care.followup_reported': {
    status: 409,
    zh: '这条后续事项已经转成诉求了。',
    en: 'This follow-up has already become a report.',
  },
  'care.key_not_found': { status: 404, zh: '找不到这把钥匙的登记。', en: 'Key record not found.' },
  'care.key_returned': {
    status: 409,
    zh: '这把钥匙已经归还，不能再登记使用。',
    en: 'This key has been returned; it can no longer be used.',
  },
  'care.consent_witness_required': {
    status: 400,
    zh: '口头同意需要写明见证人。',
    en: 'Verbal consent needs a witness.',
  },
  'care.errand_not_found': { status: 404, zh: '找不到这项代办。', en: 'Errand not found.' },
  'care.errand_ended': { status: 409, zh: '这项代办已经停止。', en: 'This errand has ended.' },
  'care.errand_already_done': {
    status: 409,
    zh: '{dueOn} 这一次已经登记办好了。',
    en: 'The occurrence of {dueOn} is already recorded as done.',
  },
  'care.errand_not_due_then': {
    status: 400,
    zh: '{dueOn} 不是这项代办的日子。',
    en: '{dueOn} is not a day this errand falls due.',
  },
  'care.money_not_found': {
    status: 404,
    zh: '找不到这位居民的代管钱款账目。',
    en: 'No ledger of money handled for this resident.',
  },
  'care.money_entry_not_found': { status: 404, zh: '找不到这笔账。', en: 'Ledger entry not found.' },
  'care.money_correction_same': {
    status: 400,
    zh: '更正后的金额和现在一样，不需要更正。',
    en: 'The corrected amount is the same as the current one; nothing to correct.',
  },
  'care.receipt_not_found': { status: 404, zh: '找不到这张收据照片。', en: 'Receipt photo not found.' },
  'care.family_not_found': { status: 404, zh: '找不到这位家属联系人。', en: 'Family contact not found.' },
  'service.not_found': { status: 404, zh: '找不到这个服务项目。', en: 'Service not found.' },
  'service.code_exists': {
    status: 409,
    zh: '这个服务项目的代码已经有了，请换一个。',
    en: 'A service with this code already exists; choose another.',
  },
  'service.session_not_found': { status: 404, zh: '找不到这场服务活动。', en: 'Service session not found.' },
  'service.booking_not_found': { status: 404, zh: '找不到这条预约。', en: 'Booking not found.' },
  'service.session_full': {
    status: 409,
    zh: '这场活动的名额已经约满了。',
    en: 'This session is fully booked.',
  },
  'service.already_booked': {
    status: 409,
    zh: '这位居民已经预约了这场活动。',
    en: 'This resident is already booked for this session.',
  },
  'service.booking_cancelled': { status: 409, zh: '这条预约已经取消了。', en: 'This booking was cancelled.' },
  'service.session_over': {
    status: 409,
    zh: '这场活动已经结束，不能再预约或报名。',
    en: 'This session is over; no more bookings or sign-ups.',
  },
  'service.session_not_over': {
    status: 409,
    zh: '活动结束之后才能记录未到的志愿者。',
    en: 'No-shows can be recorded once the session has ended.',
  },
  'service.invalid_times': {
    status: 400,
    zh: '结束时间要晚于开始时间。',
    en: 'The end must be after the start.',
  },
  'service.home_needs_building': {
    status: 400,
    zh: '上门服务请选择楼栋。',
    en: 'A home session needs the building.',
  },
  'service.volunteer_not_found': { status: 404, zh: '找不到这位志愿者。', en: 'Volunteer not found.' },
  'service.not_a_volunteer': {
    status: 409,
    zh: '您的账号还没有登记为志愿者，请联系社区工作人员。',
    en: 'Your account is not registered as a volunteer yet; please ask the community office.',
  },
  'service.volunteer_user_not_found': {
    status: 404,
    zh: '找不到这个账号。',
    en: 'Account not found.',
  },
  'service.volunteer_user_invalid': {
    status: 400,
    zh: '关联的账号必须是本社区的志愿者账号，且没有关联别的志愿者。',
    en: 'The linked account must be a volunteer account of this community not linked to another volunteer.',
  },
  'service.signup_not_found': { status: 404, zh: '找不到这条报名。', en: 'Sign-up not found.' },
  'service.already_signed_up': {
    status: 409,
    zh: '这位志愿者已经报名了这场活动。',
    en: 'This volunteer has already signed up for this session.',
  },
  'service.checkin_code_invalid': {
    status: 403,
    zh: '签到码无效，请扫描组织者手机上显示的二维码。',
    en: "This check-in code is not valid; please scan the QR code on the organiser's phone.",
  },
  'service.checkin_closed': {
    status: 409,
    zh: '现在不在签到时间内（活动开始前一小时到活动结束）。',
    en: 'Check-in is open from one hour before the session until it ends.',
  },
  'service.not_checked_in': { status: 409, zh: '还没有签到，不能签退。', en: 'Not checked in yet.' },
  'service.already_checked_out': { status: 409, zh: '已经签退过了。', en: 'Already checked out.' },
  'service.hours_not_found': { status: 404, zh: '找不到这条时长记录。', en: 'Hours entry not found.' },
  'service.hours_correction_same': {
    status: 409,
    zh: '更正后的时长和现在一样，不需要更正。',
    en: 'The corrected minutes equal the current ones; nothing to correct.',
  },
  'service.consent_required': {
    status: 422,
    zh: '这位居民没有同意（或已撤回同意）记录血压，不能登记读数。请先登记同意书。',
    en: 'This resident has not consented (or has withdrawn consent) to blood-pressure records; record the consent first.',
  },
  'service.consent_exists': {
    status: 409,
    zh: '这位居民的同意已经登记过，仍然有效。',
    en: "This resident's consent is already recorded and in force.",
  },
  'service.round_not_found': { status: 404, zh: '找不到这次团购。', en: 'Purchase round not found.' },
  'service.round_closed': {
    status: 409,
    zh: '这次团购已经截止，不能再下单。',
    en: 'This purchase round has closed; no more orders.',
  },
  'service.item_not_found': {
    status: 404,
    zh: '订单里有不属于这次团购的商品。',
    en: 'The order names an item that is not in this round.',
  },
  'service.order_exists': {
    status: 409,
    zh: '这户在这次团购里已经下过单了。',
    en: 'This household already has an order in this round.',
  },
  'service.order_not_found': { status: 404, zh: '找不到这个订单。', en: 'Order not found.' },
  'service.already_delivered': {
    status: 409,
    zh: '这个订单已经送到了。',
    en: 'This order was already delivered.',
  },
  'service.already_collected': {
    status: 409,
    zh: '这个订单的钱款已经登记过了。',
    en: 'Money for this order has already been recorded.',
  },
  'service.difference_unexplained': {
    status: 400,
    zh: '收到的钱和应收金额不一样，请写明原因。',
    en: 'The money collected differs from what is due; please explain the difference.',
  },
  'service.export_too_large': {
    status: 400,
    zh: '符合条件的记录超过 {max} 条，请先缩小筛选范围再导出。',
    en: 'More than {max} records match; please narrow the filters before exporting.',
  },
  'service.community_not_found': { status: 404, zh: '找不到这个社区。', en: 'Community not found.' },
  'service.community_required': {
    status: 400,
    zh: '请选择社区。',
    en: 'Please choose the community.',
  },
  'reports.not_found': { status: 404, zh: '找不到这条诉求。', en: 'Report not found.' },
  'reports.position_not_found': {
    status: 404,
    zh: '找不到这位负责人，或他不在这条诉求的社区。',
    en: 'That person was not found, or is not in this report’s community.',
  },
  'reports.export_too_large': {
    status: 400,
    zh: '符合条件的诉求超过 {max} 条，请先缩小筛选范围再导出。',
    en: 'More than {max} reports match; please narrow the filters before exporting.',
  },
  'reports.already_assigned': {
    status: 409,
    zh: '这条诉求已经由这位负责。',
    en: 'This report is already in this person’s hands.',
  },
  'reports.unknown_category': {
    status: 400,
    zh: '没有这个诉求类别。',
    en: 'There is no such report category.',
  },
  'reports.unknown_urgency': { status: 400, zh: '没有这个紧急程度。', en: 'There is no such urgency.' },
  'reports.wrong_state': {
    status: 409,
    zh: '这条诉求现在的状态不能这样处理。',
    en: 'This report cannot be handled this way in its current state.',
  },
  'reports.referral_incomplete': {
    status: 400,
    zh: '转办时请写明转给哪个单位，以及怎样告诉居民去哪里办。',
    en: 'A referral needs the agency and the guidance given to the resident.',
  },
  'reports.reopen_expired': {
    status: 409,
    zh: '办结已超过 7 天，不能再重新打开，请新建一条诉求。',
    en: 'It is more than 7 days since closing; please record a new report.',
  },
  'reports.feedback_not_closed': {
    status: 409,
    zh: '诉求办结（或转办、不属于受理范围）之后才能回答这两个问题。',
    en: 'The two questions can be answered once the report is resolved, referred or found outside our remit.',
  },
  'reports.feedback_given': {
    status: 409,
    zh: '这次办结的回访已经答过了，谢谢！',
    en: 'These questions have already been answered for this closing. Thank you!',
  },
  'reports.feedback_same_tier': {
    status: 403,
    zh: '回访要由另一级的人来记录：这条诉求是您这一级办理的，请其他层级的同志登记回访。',
    en: 'Feedback must be recorded by someone of a different tier than the one that handled this report (yours).',
  },
  'reports.photo_type': {
    status: 415,
    zh: '只能上传 JPEG、PNG 或 WebP 照片。',
    en: 'Only JPEG, PNG or WebP photos can be uploaded.',
  },
  'reports.photo_too_large': {
    status: 413,
    zh: '照片太大了，每张不能超过 {mb} MB。',
    en: 'The photo is too large; each may be at most {mb} MB.',
  },
  'reports.photo_limit': {
    status: 409,
    zh: '每条诉求最多 {max} 张照片。',
    en: 'A report can have at most {max} photos.',
  },
  'reports.photo_missing': {
    status: 400,
    zh: '没有收到照片，请在 file 字段上传。',
    en: 'No photo arrived; please send it in the field `file`.',
  },
  'reports.photo_not_found': { status: 404, zh: '找不到这张照片。', en: 'Photo not found.' },
  'reports.photo_unreadable': {
    status: 422,
    zh: '这张照片打不开：文件开头像照片，但里面不是一张完整的图片（可能已损坏）。请重新拍一张再上传。',
    en: 'This photo cannot be opened: the file begins like a picture but is not a whole image (it may be damaged). Please take it again and upload it.',
  },
  'public.rate_limited': {
    status: 429,
    zh: '提交得太频繁了。请在 {time}（北京时间）之后再试，大约 {minutes} 分钟。紧急情况请直接拨打 110、120 或社区电话。',
    en: 'Too many reports in a short time. Please try again after {time} (Beijing time), in about {minutes} minutes. In an emergency call 110, 120 or the community office.',
  },
  'public.unknown_entrance': {
    status: 400,
    zh: '这栋楼没有这个单元号，请核对后再填。',
    en: 'This building has no such entrance number; please check it.',
  },
  'users.username_taken': {
    status: 409,
    zh: '这个用户名已经有人用了。',
    en: 'This username is already taken.',
  },
  'import.unreadable_file': {
    status: 400,
    zh: '这个文件读不出来。请上传 .xlsx 或 .csv 文件（旧的 .xls 请先另存为 .xlsx）。',
    en: 'This file cannot be read. Please upload an .xlsx or .csv file (save an old .xls as .xlsx first).',
  },
  'import.no_header': {
    status: 400,
    zh: '文件里找不到表头。表头要有“姓名”，以及楼号、门牌号、身份证号等列中的至少两列。',
    en: 'No header row was found. It needs 姓名 (name) and at least two more known columns such as 楼号, 门牌号, 身份证号.',
  },
  'import.file_missing': {
    status: 400,
    zh: '没有收到文件，请在 file 字段上传。',
    en: 'No file arrived; please send it in the field `file`.',
  },
  'import.community_required': {
    status: 400,
    zh: '请选择要导入或导出的社区。',
    en: 'Please choose the community to import into or export.',
  },
  'import.community_not_found': { status: 404, zh: '找不到这个社区。', en: 'Community not found.' },
  'import.too_large': {
    status: 413,
    zh: '这个表格解压后超过 {mb} MB（{part}），比一份居民登记表大得多。请只保留登记表那一页，或分成几个文件导入。',
    en: 'Unpacked, this spreadsheet is larger than {mb} MB ({part}), far more than a register. Keep only the register sheet, or split it into several files.',
  },
  'rates.community_not_found': { status: 404, zh: '找不到这个社区。', en: 'Community not found.' },
  'open311.api_key_invalid': {
    status: 403,
    zh: 'api_key 无效，不能提交诉求。',
    en: 'Invalid api_key received: cannot create the request.',
  },
  'open311.unknown_service': {
    status: 400,
    zh: '没有这个 service_code。',
    en: 'There is no service with this service_code.',
  },
  'open311.address_required': {
    status: 400,
    zh: '请提供 address_string 或 address_id（楼号、单元，如 3-2 或 3号楼2单元）。',
    en: 'Please give address_string or address_id (building and entrance, such as 3-2).',
  },
  'open311.unknown_address': {
    status: 400,
    zh: '在这个社区找不到这个地址。',
    en: 'This address cannot be found in this community.',
  },
  'open311.invalid_date': {
    status: 400,
    zh: 'start_date、end_date、updated_after 或 updated_before 不是有效的 W3C 日期时间（如 2026-12-01T08:00:00+08:00）。',
    en: 'start_date, end_date, updated_after or updated_before is not a valid W3C datetime (such as 2026-12-01T08:00:00+08:00).',
  },
  'open311.service_not_found': {
    status: 404,
    zh: '没有这个 service_code。',
    en: 'There is no such service_code.',
  },
  'open311.jurisdiction_not_found': {
    status: 404,
    zh: '这个 api_key 不能向这个 jurisdiction_id（社区）提交诉求。',
    en: 'This jurisdiction_id (community) was not found for this api_key.',
  },
  'open311.too_long': {
    status: 400,
    zh: '描述和补充信息（attribute）加起来太长了，最多 4000 个字。',
    en: 'The description and the extra answers (attribute) together are too long: at most 4000 characters.',
  },
  'server.internal': {
    status: 500,
    zh: '系统出了点问题，已记录下来，请稍后再试。',
    en: 'Something went wrong on our side. It has been logged; please try again later.',
  },
  'welfare.policy_not_found': { status: 404, zh: '没有这项政策。', en: 'There is no such policy.' },
  'welfare.parameter_not_found': {
    status: 422,
    zh: '这项政策没有这个参数。',
    en: 'This policy has no such parameter.',
  },
  'welfare.decision_not_found': { status: 404, zh: '找不到这条认定结果。', en: 'Decision not found.' },
  'welfare.change_not_found': { status: 404, zh: '找不到这条参数调整。', en: 'Parameter change not found.' },
  'welfare.change_already_decided': {
    status: 409,
    zh: '这条参数调整已经审批过了。',
    en: 'This parameter change has already been decided.',
  },
  'welfare.second_person_required': {
    status: 409,
    zh: '参数调整须由提出人以外的另一位同事审批。',
    en: 'A parameter change must be approved by someone other than the person who proposed it.',
  },
  'welfare.application_not_found': { status: 404, zh: '找不到这份申请。', en: 'Application not found.' },
  'welfare.applicant_not_member': {
    status: 422,
    zh: '申请人必须是这户现在共同生活的成员。',
    en: 'The applicant must be a member now living in this household.',
  },
  'welfare.application_wrong_status': {
    status: 409,
    zh: '这份申请现在的状态是 {status}，这一步不适用（须为 {expected}）。',
    en: 'This application is {status}; this step needs it to be {expected}.',
  },
  'welfare.applications_not_ready': {
    status: 422,
    zh: '这些申请不能公示（须是本社区、同一政策、已审核的申请）：{ids}',
    en: 'These applications cannot go on the notice (they must be reviewed, of your community and of this policy): {ids}',
  },
  'welfare.notice_not_found': { status: 404, zh: '找不到这份公示。', en: 'Public notice not found.' },
  'welfare.notice_running': {
    status: 409,
    zh: '公示期到 {endsOn} 才结束，结束后才能批准。',
    en: 'The public notice runs until {endsOn}; approval can only follow its end.',
  },
  'welfare.objections_unanswered': {
    status: 409,
    zh: '公示还有 {count} 条异议没有答复，答复后才能批准。',
    en: '{count} objection(s) to the notice have not been answered yet; answer them before approval.',
  },
  'welfare.objection_not_found': { status: 404, zh: '找不到这条异议。', en: 'Objection not found.' },
  'welfare.objection_already_answered': {
    status: 409,
    zh: '这条异议已经答复过了。',
    en: 'This objection has already been answered.',
  },
  'welfare.objection_application_not_on_notice': {
    status: 422,
    zh: '这份申请不在这份公示上。',
    en: 'This application is not on this public notice.',
  },
  'welfare.roster_entry_not_found': {
    status: 404,
    zh: '找不到这条救助名册记录。',
    en: 'Roster entry not found.',
  },
  'welfare.roster_entry_ended': {
    status: 409,
    zh: '这条名册记录已经终止了。',
    en: 'This roster entry has already ended.',
  },
  'welfare.grant_not_found': { status: 404, zh: '找不到这笔临时救助。', en: 'Emergency grant not found.' },
  'welfare.papers_already_recorded': {
    status: 409,
    zh: '这笔救助的材料已经补齐登记过了。',
    en: 'The papers of this grant have already been recorded.',
  },
  'welfare.decision_other_household': {
    status: 422,
    zh: '引用的认定结果不是这户的。',
    en: 'The decision cited is not about this household.',
  },
  'push.endpoint_not_allowed': {
    status: 422,
    zh: '这个浏览器的提醒服务不在允许的名单里，收不到提醒。请换用手机自带的浏览器。',
    en: 'This browser’s push service is not on the allowed list, so reminders cannot reach it. Try the phone’s own browser.',
  },
  'round.address_invalid': {
    status: 400,
    zh: '地址要写成“楼号-单元-门牌”，例如 3-2-401。',
    en: 'Write the address as building-entrance-room, for example 3-2-401.',
  },
  'round.address_not_found': {
    status: 404,
    zh: '找不到这个地址的住户：{address}',
    en: 'No household at this address: {address}',
  },
  'round.position_not_found': { status: 404, zh: '找不到这位楼门长。', en: 'Building leader not found.' },
  'round.subscription_not_found': { status: 404, zh: '找不到这份订报。', en: 'Subscription not found.' },
  'round.resident_not_found': {
    status: 404,
    zh: '这户没有这位居民。',
    en: 'No such resident in this household.',
  },
  'round.no_care_plan': {
    status: 409,
    zh: '这位居民还没有关爱计划，不能记探访。可以改成“反映情况”。',
    en: 'This resident has no care plan, so a visit cannot be noted. Make it a report instead.',
  },
  'round.door_too_old': {
    status: 400,
    zh: '这次上门记录是一周以前的，不能再补记了。',
    en: 'This door call is more than a week old and can no longer be entered.',
  },
  'desk.community_not_found': { status: 404, zh: '找不到这个社区。', en: 'Community not found.' },
  'desk.community_required': {
    status: 400,
    zh: '您管着几个社区，请选择要看哪个社区。',
    en: 'You see several communities; please choose one.',
  },
  'desk.month_not_over': {
    status: 409,
    zh: '这个月还没过完，过完后才能结账。',
    en: 'This month is not over yet; it can be closed once it has ended.',
  },
  'desk.month_closed': {
    status: 409,
    zh: '这个月已经结账了，数字不再改动。',
    en: 'This month is already closed; its figures no longer change.',
  },
  'seed.already_seeded': {
    status: 409,
    zh: '数据库里已经有社区了。要再加一个示范社区，请用 --community-name 给它起个名字。',
    en: 'The database already holds a community. To add a further demo community, name it with --community-name.',
  },
  'welfare.fact_not_from_register': {
    status: 422,
    zh: '这项情况户籍登记里没有，无需选择以哪个为准。',
    en: 'The household register does not hold this fact, so there is nothing to choose between.',
  },
  'welfare.grant_above_every_limit': {
    status: 422,
    zh: '金额超过了街道能批准的临时救助上限（{limit} 元），请报区民政部门审批。',
    en: 'The amount is above what the subdistrict may grant ({limit} yuan); refer it to the district.',
  },
  'welfare.grant_request_not_found': {
    status: 404,
    zh: '找不到这份临时救助申请。',
    en: 'Emergency aid request not found.',
  },
  'welfare.grant_request_decided': {
    status: 409,
    zh: '这份临时救助申请已经批准发放了。',
    en: 'This emergency aid request has already been granted.',
  },
  'welfare.grant_above_your_limit': {
    status: 403,
    zh: '金额超过了您能批准的上限（{limit} 元），需要由{role}批准。',
    en: 'The amount is above your limit ({limit} yuan); it needs approval by {role}.',
  },
  'welfare.grant_own_request': {
    status: 409,
    zh: '自己提出的申请要由另一个人批准。',
    en: 'A request must be approved by someone other than the person who made it.',
  },
  'service.series_not_found': { status: 404, zh: '找不到这个定期服务。', en: 'Recurring service not found.' },
  'service.session_cancelled': {
    status: 409,
    zh: '这场服务已经取消了。',
    en: 'This session has been cancelled.',
  },
  'service.already_enrolled': {
    status: 409,
    zh: '这位居民已经报名了这个定期服务。',
    en: 'This resident is already enrolled in this recurring service.',
  },
  'service.already_in_series': {
    status: 409,
    zh: '这位志愿者已经报名了这个定期服务。',
    en: 'This volunteer has already signed up for this recurring service.',
  },
  'outreach.list_not_found': { status: 404, zh: '找不到这份走访名单。', en: 'Outreach list not found.' },
  'outreach.entry_not_found': {
    status: 404,
    zh: '走访名单上找不到这一户。',
    en: 'This household is not on the outreach list.',
  },
  'outreach.already_listed': {
    status: 409,
    zh: '已在名单上。',
    en: 'Already on the list.',
  },
  'outreach.moved_out': {
    status: 409,
    zh: '这户已经搬走了。',
    en: 'This household has moved out.',
  },
  'outreach.list_closed': {
    status: 409,
    zh: '这份走访名单已经结束，不能再改。',
    en: 'This outreach list is closed and can no longer be changed.',
  },
  'outreach.entry_recorded': {
    status: 409,
    zh: '这户已经记了走访结果，不能移出名单。',
    en: 'A visit has been recorded for this household, so it cannot be taken off the list.',
  },
  'outreach.no_community': {
    status: 403,
    zh: '您的账号没有所属社区，不能建走访名单。',
    en: 'Your account belongs to no community, so it cannot make an outreach list.',
  },
} as const satisfies Record<string, { status: number; zh: string; en: string }>;

export type ErrorCode = keyof typeof ERRORS;

export { LANGUAGES, type Language } from './languages';

export function errorMessage(code: ErrorCode, lang: Language, params: Record<string, string | number> = {}) {
  const template = lang === 'en' ? ERRORS[code].en : ERRORS[code].zh;
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? ''));
}

/** The one shape of every error answer. */
export type TErrorBody = { error: { code: ErrorCode; message: string; field?: string } };

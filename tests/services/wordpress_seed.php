<?php
/**
 * Installs, configures and seeds the WordPress test peer, or reports on it.
 *
 * Debian 12 ships no wp-cli, so tests/services/wordpress.py drives WordPress through this
 * script with the PHP CLI. Usage:
 *
 *   php wordpress_seed.php install PORT   wp_install() if needed (runs with WP_INSTALLING)
 *   php wordpress_seed.php ensure PORT    settings + deterministic seed (once), prints site info
 *   php wordpress_seed.php posts PORT     prints every published post (the truth for tests)
 *   php wordpress_seed.php add PORT N CATEGORY   inserts N new posts, prints them
 *
 * The environment picks the site: NEWSCRAWLER_WP_CONFIG (the /etc/wordpress/config-NAME.php),
 * NEWSCRAWLER_WP_THEME, and NEWSCRAWLER_WP_FLAVOUR (any flavour but "classic" also gets a
 * headline-only post).
 *
 * JSON goes to stdout after a marker line, so PHP notices cannot corrupt it.
 */

const SEED_VERSION = '1';
const MARKER = '@@NEWSCRAWLER-JSON@@';

if (PHP_SAPI !== 'cli') {
    exit(1);
}
// Constants, not variables: WordPress's bootstrap reuses globals such as \$action.
define('NC_ACTION', $argv[1] ?? '');
define('NC_PORT', (int) ($argv[2] ?? 0));
define('NC_ARGS', array_slice($argv, 3));
$port = NC_PORT;
if ($port <= 0) {
    fwrite(STDERR, "usage: php wordpress_seed.php ACTION PORT [...]\n");
    exit(2);
}

// Debian's wp-config.php picks /etc/wordpress/config-<host>.php from HTTP_HOST.
$_SERVER['HTTP_HOST'] = "127.0.0.1:$port";
// ... unless WORDPRESS_CONFIG names one (as nginx passes it for each test site).
if (getenv('NEWSCRAWLER_WP_CONFIG')) {
    $_SERVER['WORDPRESS_CONFIG'] = getenv('NEWSCRAWLER_WP_CONFIG');
}
define('NC_THEME', getenv('NEWSCRAWLER_WP_THEME') ?: 'twentytwentyone');
define('NC_FLAVOUR', getenv('NEWSCRAWLER_WP_FLAVOUR') ?: 'classic');
$_SERVER['SERVER_NAME'] = '127.0.0.1';
$_SERVER['SERVER_PORT'] = (string) $port;
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';

// Pluggable functions defined before WordPress loads: the peer never sends mail.
function wp_mail($to, $subject, $message, $headers = '', $attachments = array())
{
    return true;
}
function wp_new_blog_notification($blog_title, $blog_url, $user_id, $password)
{
}

function emit($data): void
{
    echo "\n" . MARKER . "\n" . json_encode($data, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES) . "\n";
}

if (NC_ACTION === 'install') {
    define('WP_INSTALLING', true);
    require '/usr/share/wordpress/wp-load.php';
    require_once ABSPATH . 'wp-admin/includes/upgrade.php';
    $installed_now = false;
    if (!is_blog_installed()) {
        wp_install('أخبار الاختبار', 'admin', 'admin@example.invalid', true, '',
            'newscrawler-admin', 'ar');
        $installed_now = true;
    }
    emit(['installed_now' => $installed_now]);
    exit(0);
}

require '/usr/share/wordpress/wp-load.php';

const CATEGORIES = ['سياسة', 'اقتصاد', 'مجتمع', 'رياضة'];
const AUTHORS = [
    ['fatima', 'فاطمة الزهراء بنعلي'],
    ['youssef', 'يوسف العلوي'],
    ['amine', 'محمد أمين الإدريسي'],
];
const TAGS = ['المغرب', 'الدار البيضاء', 'الرباط', 'الشباب', 'التعليم', 'الانتخابات', 'كرة القدم', 'الاستثمار'];
const SUBJECTS = ['الحكومة تناقش', 'البرلمان يصادق على', 'الوزارة تعلن عن', 'خبراء يحذرون من',
    'الجمعيات تدعو إلى', 'المجلس الجماعي يطلق', 'النقابات ترفض', 'المواطنون يترقبون'];
const OBJECTS = ['خطة جديدة للنقل العمومي', 'ميزانية القطاع الصحي', 'برنامج دعم السكن',
    'مشروع إصلاح التعليم', 'ارتفاع أسعار المواد الغذائية', 'تنظيم بطولة الأحياء',
    'قانون المالية المعدل', 'مبادرة لتشغيل الشباب', 'توسيع شبكة الماء الصالح للشرب',
    'حملة للتبرع بالدم'];
const CITIES = ['الدار البيضاء', 'الرباط', 'فاس', 'مراكش', 'طنجة', 'أكادير'];
const SENTENCES = [
    'أفادت مصادر مطلعة أن النقاش ما زال مفتوحا بين مختلف الأطراف المعنية.',
    'وأكد مسؤول محلي أن الإجراءات ستدخل حيز التنفيذ خلال الأسابيع المقبلة.',
    'ويرى متتبعون أن هذه الخطوة تأتي في سياق اقتصادي صعب.',
    'وعبر عدد من المواطنين عن ارتياحهم لهذا القرار في تصريحات متفرقة.',
    'في المقابل انتقدت المعارضة غياب التشاور مع الفاعلين في الميدان.',
    'وتشير الأرقام الرسمية إلى تحسن طفيف مقارنة بالسنة الماضية.',
    'ومن المنتظر أن يعقد لقاء تواصلي لتقديم تفاصيل المشروع للرأي العام.',
    'ودعت فعاليات المجتمع المدني إلى إشراك الشباب في بلورة الحلول.',
    'وقد خصصت لهذا الغرض اعتمادات مالية مهمة حسب بلاغ رسمي.',
    'ويبقى التحدي الأكبر هو ضمان الاستمرارية وتتبع النتائج على أرض الواقع.',
    'وسجلت الجهة خلال الفترة نفسها إقبالا ملحوظا على الخدمات الجديدة.',
    'وختم المتحدث تصريحه بالتأكيد على أهمية العمل المشترك.',
];

function body_for(int $i): string
{
    $paragraphs = [];
    $count = 3 + $i % 2;
    for ($p = 0; $p < $count; $p++) {
        $a = SENTENCES[($i * 5 + $p * 3) % count(SENTENCES)];
        $b = SENTENCES[($i * 7 + $p * 3 + 1) % count(SENTENCES)];
        $paragraphs[] = "<p>$a $b</p>";
    }
    return implode("\n\n", $paragraphs);
}

/** Local publication date of seeded post $i: spread Feb-Jun 2023, 7 of them in Ramadan. */
function date_for(int $i): string
{
    // Casablanca switched to UTC+0 on 19 March and back on 23 April 2023; stay clear of the
    // days between the switch and Ramadan's bounds so "in Ramadan" means "UTC+0" exactly.
    $day = $i < 12 ? 4 * $i : ($i < 19 ? 4 * $i + 4 : 4 * $i + 10);
    $date = new DateTimeImmutable('2023-02-01 00:00:00', new DateTimeZone('UTC'));
    $date = $date->modify("+$day days")->setTime(8 + ($i * 5) % 12, ($i * 17) % 60);
    return $date->format('Y-m-d H:i:s');
}

function die_on_error($result, string $what)
{
    if (is_wp_error($result)) {
        fwrite(STDERR, "$what: " . $result->get_error_message() . "\n");
        exit(3);
    }
    return $result;
}

function category_id(string $name): int
{
    $term = get_term_by('name', $name, 'category');
    if ($term) {
        return (int) $term->term_id;
    }
    $made = die_on_error(wp_insert_term($name, 'category'), "category $name");
    return (int) $made['term_id'];
}

function author_id(string $login, string $display): int
{
    $user = get_user_by('login', $login);
    if ($user) {
        return (int) $user->ID;
    }
    return (int) die_on_error(wp_insert_user([
        'user_login' => $login,
        'user_pass' => "newscrawler-$login",
        'user_email' => "$login@example.invalid",
        'display_name' => $display,
        'nickname' => $display,
        'role' => 'author',
    ]), "author $login");
}

function configure(): void
{
    update_option('WPLANG', 'ar');
    update_option('timezone_string', 'Africa/Casablanca');
    update_option('gmt_offset', '');
    update_option('posts_per_page', 5);
    update_option('posts_per_rss', 10);
    update_option('blog_public', 1);
    update_option('default_pingback_flag', 0);
    update_option('default_ping_status', 'closed');
    update_option('ping_sites', '');
    update_option('date_format', 'j F Y');
    // wp_install() ran before the Arabic translation loaded, so the default category is English.
    $default = get_term((int) get_option('default_category'), 'category');
    if ($default instanceof WP_Term && $default->name === 'Uncategorized') {
        wp_update_term($default->term_id, 'category', ['name' => 'غير مصنف']);
    }
    if (get_stylesheet() !== NC_THEME) {
        switch_theme(NC_THEME);
    }
    global $wp_rewrite;
    if (get_option('permalink_structure') !== '/archives/%post_id%' || !get_option('rewrite_rules')) {
        $wp_rewrite->set_permalink_structure('/archives/%post_id%');
        create_initial_taxonomies();  // their permastructs were registered with the old front
        $wp_rewrite->flush_rules(false);
    }
}

function seed(): void
{
    if (get_option('newscrawler_seed') === SEED_VERSION) {
        return;
    }
    // WordPress's own "Hello world!" would be an untracked English post.
    foreach (get_posts(['post_type' => 'any', 'post_status' => 'any', 'numberposts' => -1]) as $post) {
        if (!get_post_meta($post->ID, '_newscrawler_seed', true)) {
            wp_delete_post($post->ID, true);
        }
    }
    $cats = array_map('category_id', CATEGORIES);
    $authors = array_map(fn($a) => author_id($a[0], $a[1]), AUTHORS);
    for ($i = 0; $i < 30; $i++) {
        $existing = get_posts(['meta_key' => '_newscrawler_seed', 'meta_value' => (string) $i,
            'post_status' => 'any', 'numberposts' => 1]);
        if ($existing) {
            continue;  // a seed interrupted half-way resumes without duplicates
        }
        $date = date_for($i);
        $tags = [TAGS[$i % count(TAGS)], TAGS[($i * 3 + 1) % count(TAGS)]];
        if ($date >= '2023-03-23' && $date < '2023-04-21') {
            $tags[] = 'رمضان';
        }
        $title = SUBJECTS[$i % count(SUBJECTS)] . ' ' . OBJECTS[$i % count(OBJECTS)]
            . ' في ' . CITIES[$i % count(CITIES)];
        $id = die_on_error(wp_insert_post([
            'post_title' => $title,
            'post_content' => body_for($i),
            'post_status' => 'publish',
            'post_author' => $authors[$i % count($authors)],
            'post_category' => [$cats[$i % count($cats)]],
            'tags_input' => array_values(array_unique($tags)),
            'post_date' => $date,
            'comment_status' => 'closed',
            'ping_status' => 'closed',
            'meta_input' => ['_newscrawler_seed' => (string) $i],
        ], true), "post $i");
    }
    if (NC_FLAVOUR !== 'classic') {
        // A breaking-news item: title, date, author and category, and no body at all.
        die_on_error(wp_insert_post([
            'post_title' => 'عاجل: زلزال بقوة 5 درجات يضرب سواحل الحسيمة',
            'post_content' => '',
            'post_status' => 'publish',
            'post_author' => $authors[0],
            'post_category' => [category_id('مجتمع')],
            'post_date' => '2023-06-20 21:05:00',
            'comment_status' => 'closed',
            'ping_status' => 'closed',
            'meta_input' => ['_newscrawler_seed' => 'headline'],
        ], true), 'headline-only post');
        // The site's menu: a navigation of the categories, as news sites have (the block
        // theme's header shows the most recent one).
        $links = '';
        foreach (CATEGORIES as $name) {
            $term = get_term(category_id($name), 'category');
            $links .= sprintf('<!-- wp:navigation-link {"label":"%s","type":"category","id":%d,'
                . '"url":"%s","kind":"taxonomy"} /-->', $name, $term->term_id, get_category_link($term));
        }
        die_on_error(wp_insert_post(['post_type' => 'wp_navigation', 'post_title' => 'القائمة',
            'post_status' => 'publish', 'post_content' => $links], true), 'navigation');
    }
    update_option('newscrawler_seed', SEED_VERSION);
}

function post_row(WP_Post $post): array
{
    return [
        'id' => $post->ID,
        'url' => get_permalink($post),
        'title' => $post->post_title,
        'author' => get_the_author_meta('display_name', $post->post_author),
        'categories' => wp_get_post_categories($post->ID, ['fields' => 'names']),
        'tags' => wp_get_post_tags($post->ID, ['fields' => 'names']),
        'post_date' => $post->post_date,
        'post_date_gmt' => $post->post_date_gmt,
        'content' => trim(wp_strip_all_tags($post->post_content)),
    ];
}

function all_posts(): array
{
    $posts = get_posts(['post_status' => 'publish', 'numberposts' => -1,
        'orderby' => 'ID', 'order' => 'ASC']);
    return array_map('post_row', $posts);
}

function add_posts(int $n, string $category): array
{
    $cat = category_id($category);
    $authors = array_map(fn($a) => author_id($a[0], $a[1]), AUTHORS);
    // Newer than every post, one second apart, so archives order them without ties; a date
    // up to a few seconds ahead is published anyway (wp_publish_post below).
    $tz = wp_timezone();
    $latest = get_posts(['post_status' => ['publish', 'future'], 'numberposts' => 1,
        'orderby' => 'date', 'order' => 'DESC']);
    $next = new DateTimeImmutable('now', $tz);
    if ($latest) {
        $after = (new DateTimeImmutable($latest[0]->post_date, $tz))->modify('+1 second');
        $next = max($next, $after);
    }
    $made = [];
    for ($k = 0; $k < $n; $k++) {
        $number = (int) get_option('newscrawler_added', 0) + 1;
        update_option('newscrawler_added', $number);
        $id = die_on_error(wp_insert_post([
            'post_title' => "خبر جديد رقم $number عن " . OBJECTS[$number % count(OBJECTS)],
            'post_content' => body_for(100 + $number),
            'post_status' => 'publish',
            'post_author' => $authors[$number % count($authors)],
            'post_category' => [$cat],
            'tags_input' => [TAGS[$number % count(TAGS)]],
            'post_date' => $next->format('Y-m-d H:i:s'),
            'comment_status' => 'closed',
            'ping_status' => 'closed',
            'meta_input' => ['_newscrawler_added' => (string) $number],
        ], true), "added post $number");
        if (get_post_status($id) === 'future') {
            wp_publish_post($id);
        }
        $made[] = post_row(get_post($id));
        $next = $next->modify('+1 second');
    }
    return $made;
}

switch (NC_ACTION) {
    case 'ensure':
        configure();
        seed();
        $categories = [];
        foreach (get_categories(['hide_empty' => false]) as $term) {
            $categories[$term->name] = ['id' => $term->term_id, 'slug' => $term->slug,
                'url' => get_category_link($term), 'count' => $term->count];
        }
        emit(['home' => home_url(), 'categories' => $categories,
            'version' => get_bloginfo('version'), 'locale' => get_locale()]);
        break;
    case 'posts':
        emit(all_posts());
        break;
    case 'add':
        emit(add_posts((int) (NC_ARGS[0] ?? 1), NC_ARGS[1] ?? 'مجتمع'));
        break;
    default:
        fwrite(STDERR, "unknown action " . NC_ACTION . "\n");
        exit(2);
}

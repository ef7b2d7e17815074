<?php
/**
 * Plugin Name: newscrawler test hardening
 * Description: what many news sites do: the REST API closed to anonymous visitors, no feeds;
 * and the archive titles of a current Arabic translation.
 *
 * Copied into the mu-plugins directory of the "block" test site by tests/services/wordpress.py,
 * so that a crawl has nothing but the HTML listing pages.
 */

remove_action('wp_head', 'rest_output_link_wp_head', 10);
remove_action('template_redirect', 'rest_output_link_header', 11);
add_filter('rest_authentication_errors', function ($result) {
    if (!empty($result) || is_user_logged_in()) {
        return $result;
    }
    return new WP_Error('rest_not_logged_in', 'The REST API is closed.', ['status' => 401]);
});

remove_action('wp_head', 'feed_links', 2);
remove_action('wp_head', 'feed_links_extra', 3);
function newscrawler_no_feed()
{
    wp_die('Feeds are switched off.', '', ['response' => 404]);
}
foreach (['do_feed', 'do_feed_rdf', 'do_feed_rss', 'do_feed_rss2', 'do_feed_atom',
          'do_feed_rss2_comments', 'do_feed_atom_comments'] as $hook) {
    add_action($hook, 'newscrawler_no_feed', 1);
}

// Debian 12's Arabic translation predates these strings; current ones print the archive title
// as "التصنيف: مجتمع", the form the crawler has to read past.
function newscrawler_current_arabic($translation, $text)
{
    $current = ['Category:' => 'التصنيف:', 'Tag:' => 'الوسم:', 'Archives:' => 'الأرشيف:',
        'Category: %s' => 'التصنيف: %s', 'Tag: %s' => 'الوسم: %s', 'Archives: %s' => 'الأرشيف: %s'];
    return $current[$text] ?? $translation;
}
add_filter('gettext', 'newscrawler_current_arabic', 10, 2);
add_filter('gettext_with_context', 'newscrawler_current_arabic', 10, 2);

#!/usr/bin/perl
# SpamAssassin's own relay metadata for messages, as the oracle for our Received parser.
# Usage: relays.pl FILE...   Prints per file: "FILE\n" then four lines Trusted/Untrusted/Internal/External,
# then "unparseable=N", then an empty line.
use strict;
use warnings;
use Mail::SpamAssassin;

my $sa = Mail::SpamAssassin->new({
    local_tests_only => 1, dont_copy_prefs => 1, userprefs_filename => '/dev/null',
    post_config_text => "use_bayes 0\n",
});
$sa->init(1);
for my $file (@ARGV) {
    open(my $fh, '<', $file) or die "$file: $!";
    my @lines = <$fh>;
    close $fh;
    my $msg = $sa->parse(\@lines);
    my $pms = Mail::SpamAssassin::PerMsgStatus->new($sa, $msg);
    $pms->extract_message_metadata();
    print "$file\n";
    for my $name (qw(Trusted Untrusted Internal External)) {
        my $v = $pms->get("X-Spam-Relays-$name");
        $v = '' unless defined $v;
        $v =~ s/\n/ /g;
        print "$v\n";
    }
    print "unparseable=", ($pms->{num_relays_unparseable} || 0), "\n\n";
    $pms->finish();
    $msg->finish();
}
